/*
 * The broker dashboard: polls /api/snapshot, /api/clients and /api/topics once a second and draws them.
 * Everything from the broker is put in the page with textContent, never as HTML (topic names and client
 * ids are whatever clients sent).
 */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const POLL_MILLIS = 1000;
  const closedBranches = new Set();
  let wsDefaulted = false;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function number(n) {
    if (n >= 1e9) return (n / 1e9).toFixed(1) + 'G';
    if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
    if (n >= 1e4) return (n / 1e3).toFixed(1) + 'k';
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }

  function duration(s) {
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
  }

  async function getJson(path) {
    const r = await fetch(path, { cache: 'no-store' });
    if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
    return r.json();
  }

  async function poll() {
    try {
      const [snapshot, clients, topics] = await Promise.all(
        [getJson('/api/snapshot'), getJson('/api/clients'), getJson('/api/topics')]);
      showSnapshot(snapshot);
      showClients(clients);
      showTopics(topics);
      $('poll-status').textContent = 'updated ' + new Date().toLocaleTimeString();
      document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
    } catch (e) {
      $('poll-status').textContent = 'broker unreachable: ' + e.message;
    }
    setTimeout(poll, POLL_MILLIS);
  }

  function showSnapshot(s) {
    $('version').textContent = s.version;
    $('uptime').textContent = 'up ' + duration(s.uptimeSeconds);
    $('stat-connected').textContent = number(s.clients.connected);
    $('stat-sessions').textContent = number(s.clients.sessions);
    $('stat-subscriptions').textContent = number(s.store.subscriptions);
    $('stat-retained').textContent = number(s.store.retained);
    const last = s.history.length ? s.history[s.history.length - 1] : { in: 0, out: 0 };
    $('stat-in-rate').textContent = number(last.in);
    $('stat-out-rate').textContent = number(last.out);
    $('stat-dropped').textContent = number(s.drops.queueFull + s.drops.tooLarge + s.drops.expired);
    $('stat-heap').textContent = number(s.heap.current / 1048576) + ' MiB';
    plot(s.history);
    if (!wsDefaulted && s.webSockets.length) {
      wsDefaulted = true;
      const w = s.webSockets.find((x) => x.tls === (location.protocol === 'https:')) || s.webSockets[0];
      if (!$('ws-url').value) {
        $('ws-url').value = (w.tls ? 'wss://' : 'ws://') + location.hostname + ':' + w.port + '/mqtt';
      }
    } else if (!s.webSockets.length && !$('ws-url').value) {
      $('ws-url').placeholder = 'no WebSocket listener configured: ws://host:port/mqtt';
    }
  }

  /** The publish rates as two lines on the canvas, scaled to the largest value shown. */
  function plot(history) {
    const canvas = $('rate-plot');
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(w * ratio)) { canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio); }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const left = 48, bottom = h - 18, top = 8, right = w - 8;
    let max = 1;
    for (const p of history) max = Math.max(max, p.in, p.out);
    g.strokeStyle = '#e2e5ea';
    g.fillStyle = '#6b7280';
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    for (let k = 0; k <= 4; k++) {
      const y = bottom - (bottom - top) * k / 4;
      g.beginPath(); g.moveTo(left, y); g.lineTo(right, y); g.stroke();
      g.fillText(number(max * k / 4), 4, y + 4);
    }
    g.fillText(history.length + ' s', right - 40, h - 4);
    const span = Math.max(1, history.length - 1);
    const x = (i) => left + (right - left) * (history.length < 2 ? 1 : i / span);
    const y = (v) => bottom - (bottom - top) * v / max;
    // out first and wider, so that both lines show where they are equal (every message delivered once)
    for (const [key, color, width] of [['out', '#16a34a', 4], ['in', '#2563eb', 1.5]]) {
      g.strokeStyle = color;
      g.lineWidth = width;
      g.beginPath();
      history.forEach((p, i) => (i ? g.lineTo(x(i), y(p[key])) : g.moveTo(x(i), y(p[key]))));
      g.stroke();
    }
    canvas.dataset.points = String(history.length);
    canvas.dataset.max = String(max);
  }

  function showClients(c) {
    $('client-count').textContent = c.listed < c.connected ? c.listed + ' of ' + c.connected : String(c.connected);
    const body = $('clients-body');
    body.replaceChildren();
    for (const client of c.clients) {
      const tr = el('tr');
      tr.dataset.clientId = client.clientId;
      tr.append(el('td', '', client.clientId), el('td', '', client.address + (client.webSocket ? ' (ws)' : '')),
        el('td', '', client.protocol), el('td', '', client.username === null ? '' : client.username),
        el('td', 'subs', client.subscriptions.map((s) => s.filter + ' q' + s.qos).join(', ')));
      body.append(tr);
    }
  }

  /** The topics as a tree of levels; a branch shows the totals of its subtree. */
  function showTopics(t) {
    $('topic-count').textContent = t.tracked + (t.otherMessages ? ' (+' + number(t.otherMessages) + ' msgs untracked)' : '');
    const root = { children: new Map(), messages: 0, rate: 0 };
    for (const topic of t.topics) {
      let node = root;
      node.messages += topic.messages;
      node.rate += topic.rate;
      const levels = topic.topic.split('/');
      levels.forEach((level, i) => {
        if (!node.children.has(level)) {
          node.children.set(level, { children: new Map(), messages: 0, rate: 0, path: levels.slice(0, i + 1).join('/') });
        }
        node = node.children.get(level);
        node.messages += topic.messages;
        node.rate += topic.rate;
      });
      node.own = topic;
    }
    const tree = $('topic-tree');
    tree.replaceChildren(branch(root));
    tree.dataset.topics = String(t.tracked);
  }

  function branch(node) {
    const ul = el('ul');
    for (const [name, child] of [...node.children.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const li = el('li');
      li.dataset.topic = child.path;
      li.dataset.messages = String(child.own ? child.own.messages : child.messages);
      const label = [el('span', 'name', name === '' ? '(empty)' : name),
        el('span', 'count', number(child.messages) + ' msgs'), el('span', 'rate', number(child.rate) + '/s')];
      if (child.children.size) {
        const details = el('details');
        details.open = !closedBranches.has(child.path);
        details.addEventListener('toggle', () => (details.open ? closedBranches.delete(child.path) : closedBranches.add(child.path)));
        const summary = el('summary');
        summary.append(...label);
        details.append(summary, branch(child));
        li.append(details);
      } else {
        const leaf = el('div', 'leaf');
        leaf.append(...label);
        li.append(leaf);
      }
      ul.append(li);
    }
    return ul;
  }

  // ---- the WebSocket test client

  let client = null;

  function status(text, className) {
    const s = $('ws-status');
    s.textContent = text;
    s.className = className || 'muted';
  }

  function connected(up) {
    $('sub-button').disabled = !up;
    $('pub-button').disabled = !up;
    $('ws-connect').textContent = up ? 'Disconnect' : 'Connect';
  }

  function received(topic, payload, info) {
    const li = el('li');
    li.dataset.topic = topic;
    li.append(el('span', 'topic', topic), el('span', 'payload', new TextDecoder().decode(payload)));
    if (info.retain) li.append(el('span', 'muted', ' (retained)'));
    const list = $('ws-messages');
    list.prepend(li);
    while (list.children.length > 200) list.lastChild.remove();
  }

  $('ws-connect-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (client && client.connected) {
      client.disconnect();
      return;
    }
    const c = new MqttWsClient($('ws-url').value, {
      version: Number($('ws-version').value),
      clientId: $('ws-client-id').value || 'dashboard-' + Math.random().toString(36).slice(2, 10),
      username: $('ws-username').value,
      password: $('ws-password').value,
    });
    c.onMessage = received;
    c.onClose = (why) => { status(why, 'bad'); connected(false); };
    client = c;
    status('connecting…');
    try {
      await c.connect();
      status('connected as ' + c.clientId, 'ok');
      connected(true);
    } catch (err) {
      status(err.message, 'bad');
      connected(false);
    }
  });

  $('ws-subscribe-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const filter = $('sub-filter').value;
    try {
      const code = await client.subscribe(filter, Number($('sub-qos').value));
      status(code < 0x80 ? 'subscribed to ' + filter + ' (QoS ' + code + ')' : 'subscription refused: 0x' + code.toString(16),
        code < 0x80 ? 'ok' : 'bad');
    } catch (err) {
      status(err.message, 'bad');
    }
  });

  $('ws-publish-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const topic = $('pub-topic').value;
    try {
      const code = await client.publish(topic, $('pub-payload').value,
        { qos: Number($('pub-qos').value), retain: $('pub-retain').checked });
      status(code < 0x80 ? 'published to ' + topic : 'publish refused: 0x' + code.toString(16), code < 0x80 ? 'ok' : 'bad');
    } catch (err) {
      status(err.message, 'bad');
    }
  });

  poll();
})();
