/** Integration tests of {@code mqttools bench} against our broker and mosquitto. */
package io.mqttools.it.bench;
