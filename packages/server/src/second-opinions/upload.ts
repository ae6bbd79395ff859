import type { Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';
import { DocumentLanguageSchema, isAcceptedLanguage, type DocumentKind } from '@loket/domain';
import { UploadRefused, type DocumentStore, type StoredFile } from '../documents/index.ts';
import { HttpError } from '../http/errors.ts';
import { readStoredDicomStudy } from './dicom.ts';

/**
 * What a second opinion asks of each uploaded document (R-SO-04, R-SO-05), checked before it is attached: its
 * language is Dutch or English, and images are DICOM. Returns what to write with the document, in its transaction.
 */
export async function checkSecondOpinionUpload(
  store: DocumentStore,
  file: StoredFile,
  kind: DocumentKind,
  fields: Record<string, string>,
): Promise<(trx: Transaction<Database>, r: ReferralRow, documentId: string) => Promise<void>> {
  let language: string;
  let dicom = null;
  if (kind === 'imaging') {
    // Loose photos, photo folders (a ZIP) or a PDF of screenshots cannot be read by the specialists' viewers.
    dicom =
      file.mediaType === 'application/dicom' ? await readStoredDicomStudy(store, file.storageKey) : null;
    if (!dicom) throw new HttpError(415, 'second-opinion-not-dicom', { detected: file.mediaType });
    // Images carry no prose; "zxx" is the ISO 639 code for "no linguistic content".
    language = 'zxx';
  } else {
    const parsed = DocumentLanguageSchema.safeParse(fields.language);
    if (!parsed.success)
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'language', message: 'Choose the language of the document (Dutch or English)' }],
      });
    if (!isAcceptedLanguage(parsed.data))
      throw new HttpError(422, 'second-opinion-language-refused', { language: parsed.data });
    language = parsed.data;
  }
  return async (trx, r, documentId) => {
    await trx
      .insertInto('second_opinion_document')
      .values({
        document_id: documentId,
        referral_id: r.id,
        language,
        dicom: dicom ? JSON.stringify(dicom) : null,
      })
      .execute();
  };
}

/** An archive refused by the store: for a second opinion, a folder of photos. */
export function isPhotoFolder(e: unknown): boolean {
  return (
    e instanceof UploadRefused &&
    e.code === 'type-not-allowed' &&
    typeof e.detail.detected === 'string' &&
    /zip|rar|7z|tar|gzip/.test(e.detail.detected)
  );
}
