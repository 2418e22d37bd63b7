/** {@code mqttools passwd}: makes and edits mosquitto password files, as mosquitto_passwd does. */
package io.mqttools.cli.passwd;
