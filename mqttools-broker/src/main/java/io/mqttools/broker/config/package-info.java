/** The broker's settings: small immutable records, one per concern, that {@link io.mqttools.broker.BrokerConfig} groups. */
package io.mqttools.broker.config;
