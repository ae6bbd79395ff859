/**
 * A minimal but valid DICOM Part-10 file for tests and demo data, built byte by byte: preamble, "DICM", the file
 * meta group and a few study attributes, explicit VR little endian. Synthetic only: never a real patient's image.
 */
function element(group: number, elementNo: number, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 ? Buffer.concat([value, Buffer.from(vr === 'UI' ? '\0' : ' ')]) : value;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNo, 2);
  head.write(vr, 4, 'ascii');
  head.writeUInt16LE(padded.length, 6);
  return Buffer.concat([head, padded]);
}

const ascii = (s: string) => Buffer.from(s, 'ascii');

export interface TestStudy {
  /** YYYYMMDD */
  studyDate?: string;
  modality?: string;
  studyDescription?: string;
}

export function testDicom(study: TestStudy = {}): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.2'; // CT Image Storage
  const sopInstance = '1.2.826.0.1.3680043.10.1234.1';
  const metaElements = Buffer.concat([
    element(0x0002, 0x0002, 'UI', ascii(sopClass)),
    element(0x0002, 0x0003, 'UI', ascii(sopInstance)),
    element(0x0002, 0x0010, 'UI', ascii('1.2.840.10008.1.2.1')), // explicit VR little endian
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaElements.length);
  const dataset = Buffer.concat([
    element(0x0008, 0x0016, 'UI', ascii(sopClass)),
    element(0x0008, 0x0018, 'UI', ascii(sopInstance)),
    element(0x0008, 0x0020, 'DA', ascii(study.studyDate ?? '20260914')),
    element(0x0008, 0x0060, 'CS', ascii(study.modality ?? 'CT')),
    element(0x0008, 0x1030, 'LO', ascii(study.studyDescription ?? 'CT THORAX ABDOMEN')),
    element(0x0010, 0x0010, 'PN', ascii('Test^Synthetic')),
  ]);
  return Buffer.concat([
    Buffer.alloc(128),
    ascii('DICM'),
    element(0x0002, 0x0000, 'UL', groupLength),
    metaElements,
    dataset,
  ]);
}
