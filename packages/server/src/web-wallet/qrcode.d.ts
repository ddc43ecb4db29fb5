// qrcode 1.5.4 ships no types; the server-side SVG renderer is used (and the PNG one in tests).
declare module 'qrcode' {
  const QRCode: { toString: typeof toString; toBuffer: typeof toBuffer };
  export default QRCode;
  export function toString(
    text: string,
    options: { type: 'svg'; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number; color?: { dark?: string; light?: string } },
  ): Promise<string>;
  export function toBuffer(
    text: string,
    options?: { type?: 'png'; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number; scale?: number },
  ): Promise<Buffer>;
}
