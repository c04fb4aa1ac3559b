/** Injection token of the IdentityHasher (keyed with ID_HASH_KEY or the local key file). */
export const IDENTITY_HASHER = Symbol('IDENTITY_HASHER');
