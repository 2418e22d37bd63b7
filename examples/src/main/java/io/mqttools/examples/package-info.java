/** Runnable examples of the client library (each a main class; host and port as optional arguments). */
package io.mqttools.examples;
