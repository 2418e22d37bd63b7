/** Figures for the disk store: how long a broker takes to load a large data directory. */
package io.mqttools.bench.persistence;
