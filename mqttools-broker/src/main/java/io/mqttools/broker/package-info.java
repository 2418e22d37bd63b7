/** The embeddable broker: {@link io.mqttools.broker.Broker} builds, starts and wires everything together. */
package io.mqttools.broker;
