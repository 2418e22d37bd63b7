/** Structure checks for the protocol module: ArchUnit package rules and the conformance table's test references. */
package io.mqttools.protocol.arch;
