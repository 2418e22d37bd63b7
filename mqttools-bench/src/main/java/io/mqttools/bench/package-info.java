/** JMH benchmarks of mqttools' hot paths; run from target/benchmarks.jar (see docs/benchmarks.md). */
package io.mqttools.bench;
