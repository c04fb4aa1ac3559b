import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { NEGATORS, SENTIMENT_LEXICON } from './sentiment-lexicon';

let instance: Jieba | undefined;

/**
 * One jieba instance per process (loading the dictionary takes ~100 ms). The lexicon terms are
 * added as user words with a high frequency so that 跑路 or 资金链断裂 come out as one token
 * instead of 跑 / 路.
 */
export function segmenter(): Jieba {
  if (!instance) {
    instance = Jieba.withDict(dict);
    const words = [...Object.keys(SENTIMENT_LEXICON), ...NEGATORS].map((w) => `${w} 200000`).join('\n');
    instance.loadDict(Buffer.from(`${words}\n`));
  }
  return instance;
}

export function segment(text: string): string[] {
  return segmenter().cut(text, false);
}
