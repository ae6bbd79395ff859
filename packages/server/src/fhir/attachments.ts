import type { Attachment, Binary, BundleEntry, DocumentReference } from '@medplum/fhirtypes';
import { DocumentKindSchema, type DocumentKind } from '@loket/domain';
import type { DocumentStore, StoredFile } from '../documents/index.ts';
import { DOCUMENT_KIND_SYSTEM } from './mappers.ts';
import { FhirError } from './outcome.ts';

/**
 * Documents that arrive through FHIR (a DocumentReference with its bytes inline, or pointing to a Binary in the
 * same Bundle). The bytes go through the same DocumentStore as a web upload, so the same checks apply: type read
 * from the content, size limit, PDF JavaScript, the virus scanner when configured.
 */
export interface IncomingDocument {
  kind: DocumentKind;
  filename: string;
  bytes: Buffer;
  /** The fullUrl of the Binary entry that held the bytes, when they were not inline. */
  binaryUrl?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(data: string, where: string): Buffer {
  const clean = data.replace(/\s+/g, '');
  if (!BASE64.test(clean) || clean.length % 4 !== 0)
    throw new FhirError(400, 'invalid', `${where}: data is not base64.`);
  return Buffer.from(clean, 'base64');
}

function kindOf(d: DocumentReference): DocumentKind {
  const code = d.type?.coding?.find((c) => c.system === DOCUMENT_KIND_SYSTEM)?.code ?? 'other';
  const kind = DocumentKindSchema.safeParse(code);
  if (!kind.success)
    throw new FhirError(
      400,
      'invalid',
      `DocumentReference.type: unknown document kind "${code}". Known (system ${DOCUMENT_KIND_SYSTEM}): ${DocumentKindSchema.options.join(', ')}.`,
    );
  return kind.data;
}

/** The bytes of an attachment: inline `data`, or a Binary entry of the Bundle named by `url`. */
function bytesOf(a: Attachment, binaries: Map<string, Binary>, where: string): Buffer {
  if (a.data !== undefined) return decode(a.data, `${where}.attachment`);
  const binary = a.url ? binaries.get(a.url) : undefined;
  if (!binary)
    throw new FhirError(
      400,
      'invalid',
      `${where}.attachment needs data (base64) or a url that is the fullUrl of a Binary entry in the same Bundle.`,
    );
  if (binary.data === undefined) throw new FhirError(400, 'required', `The Binary ${a.url} has no data.`);
  return decode(binary.data, `Binary ${a.url}`);
}

/** One incoming document from a DocumentReference (first content only) and the Bundle's Binaries by fullUrl. */
export function incomingDocument(
  d: DocumentReference,
  binaries: Map<string, Binary> = new Map(),
  where = 'DocumentReference',
): IncomingDocument {
  if (d.resourceType !== 'DocumentReference')
    throw new FhirError(400, 'invalid', `${where} must be a DocumentReference.`);
  const content = d.content ?? [];
  if (content.length !== 1)
    throw new FhirError(400, 'invalid', `${where} must have exactly one content.attachment.`);
  const attachment = content[0]!.attachment;
  const bytes = bytesOf(attachment, binaries, `${where}.content[0]`);
  return {
    kind: kindOf(d),
    filename: attachment.title ?? d.description ?? 'document',
    bytes,
    ...(attachment.data === undefined && attachment.url ? { binaryUrl: attachment.url } : {}),
  };
}

/** The DocumentReferences of a transaction Bundle, with the Binaries they point to. */
export function incomingDocuments(entries: BundleEntry[]): IncomingDocument[] {
  const binaries = new Map<string, Binary>();
  for (const e of entries)
    if (e.resource?.resourceType === 'Binary' && e.fullUrl) binaries.set(e.fullUrl, e.resource);
  const used = new Set<string>();
  const docs = entries
    .filter((e) => e.resource?.resourceType === 'DocumentReference')
    .map((e, i) => {
      const d = e.resource as DocumentReference;
      const url = d.content?.[0]?.attachment?.url;
      if (url) used.add(url);
      return incomingDocument(d, binaries, `DocumentReference ${e.fullUrl ?? `#${i + 1}`}`);
    });
  for (const url of binaries.keys())
    if (!used.has(url))
      throw new FhirError(
        400,
        'invalid',
        `The Binary ${url} is not the attachment of any DocumentReference in the Bundle.`,
      );
  return docs;
}

/** Stores the bytes through the DocumentStore, with every check an upload gets. */
export function storeIncoming(
  store: DocumentStore,
  doc: IncomingDocument,
  maxBytes: number,
): Promise<StoredFile> {
  async function* bytes() {
    yield new Uint8Array(doc.bytes);
  }
  return store.save(bytes(), { maxBytes, filename: doc.filename });
}
