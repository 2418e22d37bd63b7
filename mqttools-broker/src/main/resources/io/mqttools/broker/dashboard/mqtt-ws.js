/*
 * A small MQTT 5.0 / 3.1.1 client over a binary WebSocket (subprotocol "mqtt"), for the dashboard's test
 * panel: CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUBLISH at QoS 0, 1 and 2 both ways, PINGREQ, DISCONNECT.
 * No will, no topic aliases, no reconnect. Properties are sent empty and skipped when received.
 */
'use strict';
(function (global) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const TYPES = ['', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE',
    'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];

  function varint(n) {
    const out = [];
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      out.push(b);
    } while (n > 0);
    return out;
  }

  /** Builds a packet body from bytes, 16-bit integers and length-prefixed strings or binary data. */
  class Body {
    constructor() { this.bytes = []; }
    byte(b) { this.bytes.push(b & 0xff); return this; }
    u16(n) { this.bytes.push((n >> 8) & 0xff, n & 0xff); return this; }
    raw(a) { for (const b of a) this.bytes.push(b); return this; }
    str(s) { const b = typeof s === 'string' ? encoder.encode(s) : s; this.u16(b.length); return this.raw(b); }
    packet(type, flags) {
      return Uint8Array.from([(type << 4) | flags, ...varint(this.bytes.length), ...this.bytes]);
    }
  }

  /** Reads a received packet's body. */
  class Reader {
    constructor(bytes) { this.b = bytes; this.i = 0; }
    left() { return this.b.length - this.i; }
    byte() { if (this.left() < 1) throw new Error('packet too short'); return this.b[this.i++]; }
    u16() { return (this.byte() << 8) | this.byte(); }
    str() { const n = this.u16(); if (this.left() < n) throw new Error('string too long'); const s = decoder.decode(this.b.subarray(this.i, this.i + n)); this.i += n; return s; }
    varint() {
      let value = 0, mult = 1;
      for (let k = 0; k < 4; k++) {
        const b = this.byte();
        value += (b & 0x7f) * mult;
        if ((b & 0x80) === 0) return value;
        mult *= 128;
      }
      throw new Error('malformed variable byte integer');
    }
    skip(n) { if (this.left() < n) throw new Error('properties too long'); this.i += n; }
    rest() { const r = this.b.subarray(this.i); this.i = this.b.length; return r; }
  }

  /**
   * One connection. Options: version (5 or 4 for 3.1.1), clientId, username, password, keepAlive (s),
   * cleanStart. Callbacks: onMessage(topic, payloadBytes, {qos, retain}), onClose(why), onLog(text).
   */
  class MqttWsClient {
    constructor(url, options) {
      const o = options || {};
      this.url = url;
      this.version = o.version === 4 ? 4 : 5;
      this.clientId = o.clientId || '';
      this.username = o.username || '';
      this.password = o.password || '';
      this.keepAlive = o.keepAlive === undefined ? 30 : o.keepAlive;
      this.cleanStart = o.cleanStart !== false;
      this.onMessage = () => {};
      this.onClose = () => {};
      this.onLog = () => {};
      this.nextId = 1;
      this.pending = new Map();
      this.inbound = new Uint8Array(0);
      this.connected = false;
    }

    /** Opens the WebSocket and sends CONNECT; resolves with the CONNACK reason code once accepted. */
    connect() {
      return new Promise((resolve, reject) => {
        this.connecting = { resolve, reject };
        let ws;
        try {
          ws = new WebSocket(this.url, ['mqtt']);
        } catch (e) {
          reject(e);
          return;
        }
        this.ws = ws;
        ws.binaryType = 'arraybuffer';
        ws.onopen = () => this.sendConnect();
        ws.onmessage = (e) => this.feed(new Uint8Array(e.data));
        ws.onerror = () => this.onLog('WebSocket error');
        ws.onclose = (e) => this.closed('WebSocket closed (code ' + e.code + ')');
      });
    }

    sendConnect() {
      const b = new Body().str('MQTT').byte(this.version);
      let flags = this.cleanStart ? 0x02 : 0;
      if (this.username) flags |= 0x80;
      if (this.password) flags |= 0x40;
      b.byte(flags).u16(this.keepAlive);
      if (this.version === 5) b.byte(0);
      b.str(this.clientId);
      if (this.username) b.str(this.username);
      if (this.password) b.str(encoder.encode(this.password));
      this.send(b.packet(1, 0));
    }

    /** Subscribes to one filter; resolves with the granted reason code (0-2 granted QoS, 0x80+ refused). */
    subscribe(filter, qos) {
      const id = this.packetId();
      const b = new Body().u16(id);
      if (this.version === 5) b.byte(0);
      b.str(filter).byte(qos & 3);
      return this.request(id, b.packet(8, 2));
    }

    unsubscribe(filter) {
      const id = this.packetId();
      const b = new Body().u16(id);
      if (this.version === 5) b.byte(0);
      b.str(filter);
      return this.request(id, b.packet(10, 2));
    }

    /** Publishes; resolves when sent (QoS 0), at PUBACK (1) or at PUBCOMP (2) with the reason code. */
    publish(topic, payload, options) {
      const o = options || {};
      const qos = (o.qos || 0) & 3;
      const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
      const b = new Body().str(topic);
      const id = qos > 0 ? this.packetId() : 0;
      if (qos > 0) b.u16(id);
      if (this.version === 5) b.byte(0);
      b.raw(bytes);
      const packet = b.packet(3, (qos << 1) | (o.retain ? 1 : 0));
      if (qos === 0) {
        this.send(packet);
        return Promise.resolve(0);
      }
      return this.request(id, packet);
    }

    /** Sends DISCONNECT (normal disconnection) and closes. */
    disconnect() {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        this.send(Uint8Array.of(0xe0, 0));
        this.ws.close(1000);
      }
    }

    packetId() {
      const id = this.nextId;
      this.nextId = id === 0xffff ? 1 : id + 1;
      return id;
    }

    request(id, packet) {
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.send(packet);
      });
    }

    send(bytes) {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) throw new Error('not connected');
      this.onLog('> ' + TYPES[bytes[0] >> 4]);
      this.ws.send(bytes);
    }

    /** Adds received bytes and handles every complete packet in them (a frame may hold several, or part of one). */
    feed(bytes) {
      const all = new Uint8Array(this.inbound.length + bytes.length);
      all.set(this.inbound);
      all.set(bytes, this.inbound.length);
      let at = 0;
      while (all.length - at >= 2) {
        let length = 0, mult = 1, i = at + 1, complete = false;
        for (; i < all.length && i < at + 5; i++) {
          length += (all[i] & 0x7f) * mult;
          mult *= 128;
          if ((all[i] & 0x80) === 0) { complete = true; i++; break; }
        }
        if (!complete || all.length - i < length) break;
        try {
          this.handle(all[at], new Reader(all.subarray(i, i + length)));
        } catch (e) {
          this.onLog('bad packet: ' + e.message);
          this.ws.close();
          return;
        }
        at = i + length;
      }
      this.inbound = all.slice(at);
    }

    handle(first, r) {
      const type = first >> 4;
      this.onLog('< ' + TYPES[type]);
      switch (type) {
        case 2: { // CONNACK
          r.byte();
          const code = r.byte();
          const c = this.connecting;
          this.connecting = null;
          if (code === 0) {
            this.connected = true;
            if (this.keepAlive > 0) {
              this.pinger = setInterval(() => this.send(Uint8Array.of(0xc0, 0)), this.keepAlive * 500);
            }
            if (c) c.resolve(code);
          } else {
            if (c) c.reject(new Error('CONNACK refused: 0x' + code.toString(16)));
          }
          break;
        }
        case 3: { // PUBLISH
          const qos = (first >> 1) & 3;
          const topic = r.str();
          const id = qos > 0 ? r.u16() : 0;
          if (this.version === 5) r.skip(r.varint());
          const payload = r.rest();
          if (qos === 1) this.send(new Body().u16(id).packet(4, 0));
          if (qos === 2) this.send(new Body().u16(id).packet(5, 0));
          this.onMessage(topic, payload, { qos, retain: (first & 1) === 1 });
          break;
        }
        case 4: case 7: { // PUBACK, PUBCOMP
          const id = r.u16();
          this.settle(id, r.left() > 0 ? r.byte() : 0);
          break;
        }
        case 5: { // PUBREC
          const id = r.u16();
          const code = r.left() > 0 ? r.byte() : 0;
          if (code >= 0x80) this.settle(id, code);
          else this.send(new Body().u16(id).packet(6, 2));
          break;
        }
        case 6: // PUBREL
          this.send(new Body().u16(r.u16()).packet(7, 0));
          break;
        case 9: case 11: { // SUBACK, UNSUBACK
          const id = r.u16();
          if (this.version === 5) r.skip(r.varint());
          this.settle(id, r.left() > 0 ? r.byte() : 0);
          break;
        }
        case 13: // PINGRESP
          break;
        case 14: { // DISCONNECT
          const code = r.left() > 0 ? r.byte() : 0;
          this.closed('DISCONNECT from the broker: 0x' + code.toString(16));
          this.ws.close();
          break;
        }
        default:
          this.onLog('unexpected packet type ' + type);
      }
    }

    settle(id, code) {
      const p = this.pending.get(id);
      if (p) {
        this.pending.delete(id);
        p.resolve(code);
      }
    }

    closed(why) {
      if (this.pinger) clearInterval(this.pinger);
      this.pinger = null;
      const wasUp = this.connected || this.connecting;
      this.connected = false;
      if (this.connecting) {
        this.connecting.reject(new Error(why));
        this.connecting = null;
      }
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
      if (wasUp) this.onClose(why);
    }
  }

  global.MqttWsClient = MqttWsClient;
})(window);
