// Types for the parts of sm-crypto (GM/T 0003 SM2, GM/T 0004 SM3) the service uses.
declare module 'sm-crypto' {
  interface Sm2SignOptions {
    /** Sign/verify SM3(Z || M), Z from the user id (GM/T 0003 default `1234567812345678`). */
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
  }
  export const sm2: {
    generateKeyPairHex(): { publicKey: string; privateKey: string };
    doSignature(message: string | number[], privateKey: string, options?: Sm2SignOptions): string;
    doVerifySignature(
      message: string | number[],
      signature: string,
      publicKey: string,
      options?: Sm2SignOptions,
    ): boolean;
  };
  export const sm3: (message: string | number[]) => string;
}
