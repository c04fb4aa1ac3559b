// JSON Schema of a public-sentiment item (舆情): a news article, post or complaint.
import { JSONSchemaType } from 'ajv';
import { SentimentItem } from './records';
import { businessId, creditCode, describe, instant, JSON_SCHEMA_DIALECT, optional, text } from './schema-fragments';

export const SENTIMENT_ITEM_SCHEMA_VERSION = 1;

export const sentimentItemSchema: JSONSchemaType<SentimentItem> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:risk:schema:sentiment_item:${SENTIMENT_ITEM_SCHEMA_VERSION}`,
  title: 'SentimentItem',
  description: describe('舆情信息', 'public sentiment item (PD-06)'),
  type: 'object',
  additionalProperties: false,
  required: ['itemId', 'source', 'channel', 'title', 'text', 'publishedAt'],
  properties: {
    itemId: businessId('信息编号', "the feed's id of the item"),
    firmCreditCode: optional(
      creditCode('统一社会信用代码', 'the firm it is about, when known; otherwise matched by name'),
    ),
    source: text('来源', 'source, e.g. a news site or complaint platform', 200),
    channel: {
      type: 'string',
      enum: ['news', 'social', 'complaint'],
      description: describe('渠道', 'news 新闻, social 社交媒体 or complaint 投诉'),
    },
    title: text('标题', 'title', 500),
    text: text('正文', 'text', 100_000),
    publishedAt: instant('发布时间', 'publication time'),
    url: optional({
      type: 'string',
      format: 'uri',
      maxLength: 2000,
      description: describe('链接', 'address of the item'),
    } as const),
  },
};
