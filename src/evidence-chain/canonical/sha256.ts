/** A SHA-256 implementation. The service passes node's (fast, native); the verifier passes @noble's (portable). */
export type Sha256 = (data: Uint8Array) => Uint8Array;
