/** Tests in headless Chromium: the broker's web dashboard, and MQTT.js over the WebSocket listeners. */
package io.mqttools.it.browser;
