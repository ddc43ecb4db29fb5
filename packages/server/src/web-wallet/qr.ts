/** QR codes of credential offers, rendered on the server as SVG (no script, no CDN). */
import QRCode from 'qrcode';

/** An SVG QR code of `text` (error correction M). Throws when the text does not fit in a QR code. */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // Drop the XML prolog so the SVG can be inlined in HTML too.
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}
