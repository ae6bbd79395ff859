/**
 * The parts of an e-mail a person reads: headers (with encoded words decoded) and every text/* part, decoded from
 * quoted-printable or base64. Attachments (letters as PDF) are not read here: a letter to a doctor may carry the
 * BSN by design (R-ID-04 is about the body of the e-mail).
 */
function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function splitHead(part: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(part);
  return m
    ? { head: part.slice(0, m.index), body: part.slice(m.index + m[0].length) }
    : { head: part, body: '' };
}

function header(head: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, ' ') : '';
}

/** Returns the readable text of an e-mail: its headers and text parts, decoded. */
export function readableText(raw: string): string {
  const out: string[] = [];
  const walk = (part: string, top: boolean) => {
    const { head, body } = splitHead(part);
    if (top) out.push(decodeEncodedWords(head.replace(/\r?\n[ \t]+/g, ' ')));
    const type = header(head, 'Content-Type').toLowerCase() || 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(header(head, 'Content-Type'))?.[1];
    if (type.startsWith('multipart/') && boundary) {
      for (const sub of body.split(`--${boundary}`).slice(1)) {
        if (sub.startsWith('--')) break;
        walk(sub.replace(/^\r?\n/, ''), false);
      }
      return;
    }
    if (!type.startsWith('text/')) return;
    const encoding = header(head, 'Content-Transfer-Encoding').toLowerCase();
    if (encoding === 'base64') out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (encoding === 'quoted-printable') out.push(decodeQuotedPrintable(body));
    else out.push(body);
  };
  walk(raw, true);
  return out.join('\n');
}
