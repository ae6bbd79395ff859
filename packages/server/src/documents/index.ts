export {
  DocumentStore,
  allowedMediaTypes,
  isAllowedMediaType,
  type AllowedMediaType,
  type StoredFile,
} from './storage.ts';
export { UploadRefused, formatBytes, type UploadRefusalCode } from './refusal.ts';
export { receiveUpload, registerMultipart, multipartOptions } from './upload.ts';
export { sendDocument, contentDisposition, downloadFilename, type DocumentToSend } from './download.ts';
