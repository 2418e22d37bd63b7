/** JMH benchmarks of the broker's routing: the subscription tree and the retained message store. */
package io.mqttools.bench.routing;
