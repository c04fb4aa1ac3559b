// The one place firm-supplied text (firm names, key persons' names in reasons, anything a firm
// pushed) is made safe for each channel's format before it reaches officials. A firm must not be
// able to put a link, a heading or a fake signature into a message officials trust.

// Characters the robots' markdown dialects give meaning to, and their full-width look-alikes
// (WeCom and DingTalk differ in which backslash escapes they honour: replacing is safe in both).
const MARKDOWN_LOOKALIKES: Record<string, string> = {
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  _: '＿',
  '#': '＃',
  '`': '｀',
  '~': '～',
  '|': '｜',
  '!': '！',
  '\\': '＼',
};

// Control characters and bidirectional overrides: they can hide or reorder text on a phone screen.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Text one line long with nothing invisible: the base every channel starts from. */
export function plainText(text: string): string {
  return text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
}

/** No scheme and no `www.` a client would turn into a link by itself. */
function withoutAutolinks(text: string): string {
  return text.replace(/:\/\//g, '：//').replace(/\bwww\./gi, 'www．');
}

/** Firm-supplied text inside WeCom or DingTalk robot markdown: shown as written, never as markup or a link. */
export function escapeRobotMarkdown(text: string): string {
  return withoutAutolinks(plainText(text).replace(/[[\]()<>*_#`~|!\\]/g, (c) => MARKDOWN_LOOKALIKES[c]));
}

/**
 * A value of an SMS template parameter (短信模板变量): providers refuse or flag links and 【】 in
 * variables (a 【】 would forge the sender's signature), so neither survives.
 */
export function escapeSmsParam(text: string): string {
  return withoutAutolinks(plainText(text).replace(/【/g, '（').replace(/】/g, '）'));
}

/** Firm-supplied text in a Web Push notification: plain text (JSON.stringify does the JSON escaping). */
export function escapePushText(text: string): string {
  return withoutAutolinks(plainText(text));
}
