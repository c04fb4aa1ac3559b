import type * as Tf from '@tensorflow/tfjs';

export type TfModule = typeof Tf;

let loaded: TfModule | undefined;

/**
 * The TF.js module: the native `@tensorflow/tfjs-node` backend when it is installed (it cannot be
 * here), else the pure-JS CPU backend of `@tensorflow/tfjs`. Same API either way.
 */
export function tf(): TfModule {
  if (!loaded) {
    let native: string | undefined;
    try {
      native = require.resolve('@tensorflow/tfjs-node');
    } catch {
      native = undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = (native ? require(native) : require('@tensorflow/tfjs')) as TfModule;
  }
  return loaded;
}
