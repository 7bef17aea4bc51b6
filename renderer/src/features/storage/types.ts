/** A storage object as the console API returns it; the value is the stored JSON text. */
export interface StorageObjectRow {
  collection: string;
  key: string;
  userId: string;
  username: string;
  value: string;
  version: string;
  permissionRead: number;
  permissionWrite: number;
  createTime: number;
  updateTime: number;
}

export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

export const READ_LABELS = ['0 · no read', '1 · owner read', '2 · public read'];
export const WRITE_LABELS = ['0 · no write', '1 · owner write'];

/** The editor's address for one object. */
export function objectPath(o: { collection: string; key: string; userId: string }): string {
  return `/storage/${encodeURIComponent(o.collection)}/${encodeURIComponent(o.key)}/${encodeURIComponent(o.userId)}`;
}
