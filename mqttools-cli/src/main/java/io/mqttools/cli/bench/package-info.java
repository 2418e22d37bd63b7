/** The {@code mqttools bench} load tool: {@code conn}, {@code pub} and {@code sub} against any MQTT broker. */
package io.mqttools.cli.bench;
