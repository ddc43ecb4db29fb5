// qrcode 1.5.4 ships no types; only the server-side SVG renderer is used.
declare module 'qrcode' {
  const QRCode: { toString: typeof toString };
  export default QRCode;
  export function toString(
    text: string,
    options: { type: 'svg'; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number; color?: { dark?: string; light?: string } },
  ): Promise<string>;
}
