import { open } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import type { DicomStudyColumn } from '@loket/db';
import type { DocumentStore } from '../documents/index.ts';

/**
 * Reading which study a DICOM Part-10 file belongs to (R-SO-04), with the maintained `dicom-parser` library. Only
 * the header is read: parsing stops before the pixel data, so a large series costs no memory.
 */
const HEADER_BYTES = 16 * 1024 * 1024;

/** Study date (YYYY-MM-DD), modality and description; null when the bytes are not a DICOM Part-10 file. */
export function readDicomStudy(bytes: Uint8Array): DicomStudyColumn | null {
  try {
    const data = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    const text = (tag: string) => {
      const v = data.string(tag);
      return v && v.trim() ? v.trim() : null;
    };
    const date = text('x00080020');
    return {
      studyDate:
        date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date,
      modality: text('x00080060'),
      studyDescription: text('x00081030'),
      sopClassUid: text('x00020002') ?? text('x00080016'),
    };
  } catch {
    return null;
  }
}

/** The header of a stored file, parsed; null for anything that is not DICOM. */
export async function readStoredDicomStudy(
  store: DocumentStore,
  storageKey: string,
): Promise<DicomStudyColumn | null> {
  const handle = await open(store.pathOf(storageKey), 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, HEADER_BYTES));
    await handle.read(buffer, 0, buffer.length, 0);
    return readDicomStudy(buffer);
  } finally {
    await handle.close();
  }
}
