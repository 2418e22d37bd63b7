/** Helpers shared by the integration tests: external tools, child processes and the broker under test. */
package io.mqttools.it.support;
