// Styles of the mobile page: one column, thumb-sized buttons, tier colours 红/橙/黄/蓝.
export const APP_CSS = String.raw`
:root { --red: #d4380d; --orange: #fa8c16; --yellow: #d4b106; --blue: #1677ff; --ink: #1f2329; --muted: #6b7280; --bg: #f4f6f9; --navy: #1f3a5f; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--bg); }
.bar { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: 8px; padding: 10px 14px; background: var(--navy); color: #fff; }
.bar h1 { flex: 1; margin: 0; font-size: 18px; }
.who { font-size: 13px; opacity: .85; max-width: 45%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
main { max-width: 640px; margin: 0 auto; padding: 12px; }
.card { background: #fff; border-radius: 10px; padding: 14px; margin: 10px 0; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
h2 { margin: 0 0 10px; font-size: 18px; }
label { display: block; margin: 8px 0; font-size: 14px; color: var(--muted); }
input, textarea { display: block; width: 100%; margin-top: 4px; padding: 10px; font: inherit; border: 1px solid #d0d5dd; border-radius: 8px; background: #fff; }
input[type=checkbox] { display: inline; width: auto; margin: 0 4px 0 0; }
button { min-height: 44px; padding: 8px 14px; font: inherit; border: 1px solid #d0d5dd; border-radius: 8px; background: #fff; color: var(--ink); }
button.primary { width: 100%; background: var(--navy); border-color: var(--navy); color: #fff; }
button.link { min-height: 36px; border: 0; background: none; color: inherit; padding: 4px 0; }
.bar button.link { color: #fff; }
.error { color: var(--red); min-height: 1.5em; margin: 8px 0 0; }
.muted { color: var(--muted); font-size: 14px; }
.tabs { display: flex; gap: 6px; overflow-x: auto; }
.tabs button { flex: 1; min-width: 56px; padding: 6px 4px; }
.tabs button.on { background: var(--navy); color: #fff; border-color: var(--navy); }
.toggle { display: flex; align-items: center; color: var(--ink); }
.list { list-style: none; margin: 0; padding: 0; }
.item { display: block; width: 100%; text-align: left; margin: 8px 0; padding: 12px 12px 12px 16px; background: #fff; border-radius: 10px; border: 0; border-left: 6px solid var(--blue); box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.item.tier-red { border-left-color: var(--red); } .item.tier-orange { border-left-color: var(--orange); } .item.tier-yellow { border-left-color: var(--yellow); } .item.tier-blue { border-left-color: var(--blue); }
.item .firm { font-weight: 600; display: block; }
.item .meta { font-size: 13px; color: var(--muted); display: block; margin-top: 2px; }
.badge { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 10px; font-size: 12px; color: #fff; background: var(--blue); vertical-align: 1px; }
.badge.tier-red { background: var(--red); } .badge.tier-orange { background: var(--orange); } .badge.tier-yellow { background: var(--yellow); } .badge.tier-blue { background: var(--blue); }
.status { font-size: 13px; padding: 1px 8px; border-radius: 10px; background: #eef1f5; }
.detail h2 { font-size: 19px; }
.detail dl { display: grid; grid-template-columns: 5.5em 1fr; gap: 4px 8px; margin: 8px 0; font-size: 14px; }
.detail dt { color: var(--muted); } .detail dd { margin: 0; word-break: break-all; }
.detail h3 { font-size: 15px; margin: 14px 0 6px; }
.reasons, .history, .tasks { margin: 0; padding-left: 18px; font-size: 14px; }
.history { list-style: none; padding: 0; }
.history li { border-left: 2px solid #d0d5dd; padding: 2px 0 8px 10px; }
.history .when { color: var(--muted); font-size: 12px; display: block; }
.ev { font-size: 12px; padding: 0 6px; border-radius: 8px; margin-left: 4px; background: #eef1f5; color: var(--muted); }
.ev.anchored { background: #e6f4ea; color: #1e7a34; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
.actions button { flex: 1 1 40%; }
.actions button.act-acknowledge, .actions button.act-resolve { background: var(--navy); color: #fff; border-color: var(--navy); }
.push button { width: 100%; }
`;
