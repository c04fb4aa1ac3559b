// The mobile page's script (plain ES2017, no build step, no template literals so it embeds as is).
export const APP_JS = String.raw`'use strict';
(function () {
  var TIER = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警', blue: '蓝色预警' };
  var STATUS = { open: '待确认', acknowledged: '已确认', in_progress: '处置中', resolved: '已办结', false_positive: '误报' };
  var ACTION = {
    acknowledge: '确认收到', start: '开始处置', resolve: '办结', mark_false_positive: '标记误报', note: '备注',
    open: '系统开启预警', worsen: '预警升级', downgrade: '预警降级', close: '系统办结', escalate: '超时未确认，逐级上报',
    update: '评估更新', hold: '评估回落（观察中）', plan_opened: '启动应急预案', opened: '发送通知', worsened: '发送升级通知', escalated: '发送上报通知'
  };
  var EVIDENCE = { queued: '存证排队中', logged: '已入存证日志', anchored: '已上链锚定' };
  // The embedded default's local ledger signs checkpoints itself: no chain, so never '上链'.
  function evidenceLabel(ev) { return ev.status === 'anchored' && ev.ledger === 'local' ? '本地签名' : EVIDENCE[ev.status]; }
  var state = { token: sessionStorage.getItem('alerts.token'), me: null, tier: '', cursor: null, current: null };
  var $ = function (id) { return document.getElementById(id); };

  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (e) { el.addEventListener(e, attrs.on[e]); });
      else el.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) el.appendChild(typeof arguments[i] === 'string' ? document.createTextNode(arguments[i]) : arguments[i]);
    return el;
  }
  function beijing(iso) {
    if (!iso) return '—';
    var d = new Date(new Date(iso).getTime() + 8 * 3600000).toISOString();
    return d.slice(0, 10) + ' ' + d.slice(11, 16);
  }
  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.status === 401 && path !== '/v1/auth/token') { signOut(); throw new Error('登录已过期，请重新登录'); }
        if (!res.ok) throw new Error(res.status === 404 ? '预警不存在或不在您的辖区' : (data.detail || ('请求失败 ' + res.status)));
        return data;
      });
    });
  }
  function show(view) {
    ['login-view', 'list-view', 'detail-view'].forEach(function (v) { $(v).hidden = v !== view; });
    $('logout').hidden = view === 'login-view';
  }
  function signOut() {
    state.token = null; state.me = null; sessionStorage.removeItem('alerts.token');
    $('who').textContent = ''; show('login-view');
  }
  function route() {
    if (!state.token) return show('login-view');
    var m = /^\/m\/alerts\/([0-9a-f-]{36})$/.exec(location.pathname);
    if (m) return openAlert(m[1]);
    show('list-view'); loadList(true);
  }
  function go(path) { history.pushState(null, '', path); route(); }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/v1/auth/token', { username: $('username').value.trim(), password: $('password').value }).then(function (t) {
      state.token = t.accessToken; sessionStorage.setItem('alerts.token', t.accessToken); $('password').value = '';
      return whoAmI();
    }).then(route).catch(function (err) { $('login-error').textContent = err.message === '请求失败 401' ? '用户名或密码错误' : err.message; });
  });
  $('logout').addEventListener('click', function () { signOut(); history.pushState(null, '', '/m'); });
  $('back').addEventListener('click', function () { go('/m'); });
  $('only-active').addEventListener('change', function () { loadList(true); });
  $('more').addEventListener('click', function () { loadList(false); });
  Array.prototype.forEach.call(document.querySelectorAll('#tier-tabs button'), function (b) {
    b.addEventListener('click', function () {
      state.tier = b.getAttribute('data-tier');
      Array.prototype.forEach.call(document.querySelectorAll('#tier-tabs button'), function (o) { o.classList.toggle('on', o === b); });
      loadList(true);
    });
  });
  window.addEventListener('popstate', route);

  function whoAmI() {
    return api('GET', '/v1/auth/me').then(function (me) { state.me = me; $('who').textContent = me.displayName; });
  }
  function loadList(reset) {
    if (reset) { state.cursor = null; $('alert-list').textContent = ''; }
    var q = ['limit=20'];
    if (state.tier) q.push('tier=' + state.tier);
    if ($('only-active').checked) q.push('status=active');
    if (state.cursor) q.push('cursor=' + encodeURIComponent(state.cursor));
    return api('GET', '/v1/alerts?' + q.join('&')).then(function (page) {
      page.items.forEach(function (a) {
        $('alert-list').appendChild(h('li', {}, h('button', { type: 'button', class: 'item tier-' + a.tier, 'data-alert-id': a.id, on: { click: function () { go('/m/alerts/' + a.id); } } },
          h('span', { class: 'firm' }, h('span', { class: 'badge tier-' + a.tier, text: TIER[a.tier] }), a.firmName || '全局'),
          h('span', { class: 'meta', text: a.causeLabel + ' · ' + STATUS[a.status] + (a.ackDeadline ? ' · 确认时限 ' + beijing(a.ackDeadline) : '') }))));
      });
      state.cursor = page.nextCursor;
      $('more').hidden = !page.nextCursor;
      $('list-empty').hidden = $('alert-list').children.length > 0;
    }).catch(function (err) { $('list-empty').hidden = false; $('list-empty').textContent = err.message; });
  }

  function openAlert(id) {
    show('detail-view');
    $('action-error').textContent = '';
    return api('GET', '/v1/alerts/' + id).then(renderDetail).catch(function (err) { $('detail').textContent = ''; $('actions').textContent = ''; $('action-error').textContent = err.message; });
  }
  function reasonText(r) {
    return (r.ruleId ? '[' + r.ruleId + '] ' : '') + r.text + (r.value !== undefined && r.value !== null ? '：' + r.value : '') + (r.threshold !== undefined && r.threshold !== null ? '（阈值 ' + r.threshold + '）' : '');
  }
  function renderDetail(a) {
    state.current = a;
    var d = $('detail'); d.textContent = '';
    var ev = a.evidenceSummary || {};
    d.appendChild(h('div', { class: 'card detail tier-' + a.tier },
      h('h2', {}, h('span', { class: 'badge tier-' + a.tier, text: a.tierName }), a.firmName || '全局'),
      h('span', { id: 'detail-status', class: 'status', text: STATUS[a.status] }),
      h('dl', {},
        h('dt', { text: '事由' }), h('dd', { text: a.causeLabel + (a.veto ? '（一票否决）' : '') }),
        h('dt', { text: '信用代码' }), h('dd', { text: a.firm ? a.firm.creditCode : '—' }),
        h('dt', { text: '辖区' }), h('dd', { text: a.regionCode }),
        h('dt', { text: '开启时间' }), h('dd', { text: beijing(a.openedAt) }),
        h('dt', { text: '确认时限' }), h('dd', { text: beijing(a.ackDeadline) }),
        h('dt', { text: '存证' }), h('dd', { id: 'evidence-summary', text: (ev.ledger === 'local' ? '本地签名 ' : '已锚定 ') + (ev.anchored || 0) + ' · 已入日志 ' + (ev.logged || 0) + ' · 排队 ' + (ev.queued || 0) })),
      h('h3', { text: '风险要点' }),
      h.apply(null, ['ol', { class: 'reasons' }].concat((a.reasons || []).map(function (r) { return h('li', { text: reasonText(r) }); }))),
      a.contingencyPlan ? h('h3', { text: '应急预案：' + a.contingencyPlan.name }) : null,
      a.contingencyPlan ? h.apply(null, ['ul', { class: 'tasks' }].concat(a.contingencyPlan.tasks.map(function (t) { return h('li', { text: t.title + '（' + beijing(t.dueAt) + ' 前）' }); }))) : null,
      h('h3', { text: '处置记录' }),
      h.apply(null, ['ul', { class: 'history', id: 'history' }].concat((a.history || []).filter(function (e) { return e.kind !== 'notification'; }).map(function (e) {
        var who = e.actor && e.actor.kind === 'staff' ? e.actor.name : '系统';
        return h('li', {}, h('span', { class: 'when', text: beijing(e.at) + ' · ' + who }), (ACTION[e.action] || e.action) + (e.reason ? '：' + e.reason : ''),
          e.evidence ? h('span', { class: 'ev ' + e.evidence.status, text: evidenceLabel(e.evidence) }) : null);
      })))));
    var box = $('actions'); box.textContent = '';
    (a.allowedActions || []).filter(function (x) { return x !== 'note'; }).forEach(function (x) {
      box.appendChild(h('button', { type: 'button', class: 'act-' + x, 'data-action': x, text: ACTION[x], on: { click: function () { act(x); } } }));
    });
    $('note-form').hidden = (a.allowedActions || []).indexOf('note') < 0;
  }
  function act(action) {
    var reason = $('note-text').value.trim();
    if ((action === 'resolve' || action === 'mark_false_positive') && !reason) { $('action-error').textContent = '请先在“处置说明”中填写' + ACTION[action] + '说明'; return; }
    $('action-error').textContent = '';
    api('POST', '/v1/alerts/' + state.current.id + '/actions', { action: action === 'mark_false_positive' ? 'false_positive' : action, reason: reason || null })
      .then(function () { $('note-text').value = ''; return openAlert(state.current.id); })
      .catch(function (err) { $('action-error').textContent = err.message; });
  }
  $('note-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('note-text').value.trim();
    if (!text) { $('action-error').textContent = '请填写备注内容'; return; }
    api('POST', '/v1/alerts/' + state.current.id + '/actions', { action: 'note', reason: text })
      .then(function () { $('note-text').value = ''; return openAlert(state.current.id); })
      .catch(function (err) { $('action-error').textContent = err.message; });
  });

  $('subscribe').addEventListener('click', function () {
    var status = $('push-status');
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) { status.textContent = '此浏览器不支持消息推送'; return; }
    status.textContent = '正在开启……';
    Promise.all([navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }), api('GET', '/v1/alerts/vapid-public-key')]).then(function (r) {
      return r[0].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToBytes(r[1].publicKey) });
    }).then(function (sub) { return api('POST', '/v1/alerts/push-subscriptions', sub.toJSON()); })
      .then(function () { status.textContent = '已开启：新预警将推送到本机'; })
      .catch(function (err) { status.textContent = '未能开启推送：' + err.message; });
  });
  function urlBase64ToBytes(s) {
    var raw = atob((s + '===='.slice(s.length % 4 || 4)).replace(/-/g, '+').replace(/_/g, '/'));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  if (state.token) whoAmI().then(route).catch(function () { signOut(); }); else route();
})();
`;
