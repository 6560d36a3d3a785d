import { ulid } from 'ulid';

/** A new ULID: sortable by creation time, safe in keys and URLs. */
export const newId = (): string => ulid();
