// The mobile page's HTML (no build step): served at /m and /m/alerts/:id (the link in messages).
export const PAGE_HTML = String.raw`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1f3a5f">
<title>风险预警处置</title>
<link rel="stylesheet" href="/m/app.css">
<link rel="manifest" href="/m/manifest.webmanifest">
</head>
<body>
<header class="bar">
  <h1>风险预警处置</h1>
  <span id="who" class="who"></span>
  <button id="logout" class="link" type="button" hidden>退出</button>
</header>
<main>
  <section id="login-view" hidden>
    <form id="login-form" class="card" autocomplete="on">
      <h2>工作人员登录</h2>
      <label>用户名<input id="username" name="username" autocomplete="username" autocapitalize="off" required></label>
      <label>密码<input id="password" name="password" type="password" autocomplete="current-password" required></label>
      <button id="login-button" type="submit" class="primary">登录</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>
  </section>
  <section id="list-view" hidden>
    <nav id="tier-tabs" class="tabs" aria-label="预警等级">
      <button type="button" data-tier="" class="on">全部</button>
      <button type="button" data-tier="red" class="t-red">红色</button>
      <button type="button" data-tier="orange" class="t-orange">橙色</button>
      <button type="button" data-tier="yellow" class="t-yellow">黄色</button>
      <button type="button" data-tier="blue" class="t-blue">蓝色</button>
    </nav>
    <label class="toggle"><input id="only-active" type="checkbox" checked> 仅看未办结</label>
    <ul id="alert-list" class="list"></ul>
    <p id="list-empty" class="muted" hidden>暂无预警</p>
    <button id="more" type="button" hidden>加载更多</button>
    <div class="card push">
      <button id="subscribe" type="button">开启手机消息推送</button>
      <p id="push-status" class="muted"></p>
    </div>
  </section>
  <section id="detail-view" hidden>
    <button id="back" type="button" class="link">‹ 返回列表</button>
    <article id="detail"></article>
    <div id="actions" class="actions"></div>
    <form id="note-form" class="card">
      <label for="note-text">处置说明 / 备注</label>
      <textarea id="note-text" rows="3" maxlength="2000" placeholder="办结、误报须填写说明"></textarea>
      <button id="add-note" type="submit">添加备注</button>
    </form>
    <p id="action-error" class="error" role="alert"></p>
  </section>
</main>
<script src="/m/app.js" defer></script>
</body>
</html>
`;

export const MANIFEST_JSON = JSON.stringify({
  name: '风险预警处置',
  short_name: '预警处置',
  start_url: '/m',
  scope: '/m/',
  display: 'standalone',
  background_color: '#f4f6f9',
  theme_color: '#1f3a5f',
  lang: 'zh-CN',
});
