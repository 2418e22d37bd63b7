/**
 * The broker's settings: small immutable records, one per concern, that {@link io.mqttools.broker.BrokerConfig}
 * groups, and {@link io.mqttools.broker.config.MosquittoConf}, which reads them from a mosquitto.conf file.
 */
package io.mqttools.broker.config;
