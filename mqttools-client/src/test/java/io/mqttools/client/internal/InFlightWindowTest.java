package io.mqttools.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InFlightWindowTest {
    @Test
    void tryAcquire_atCapacity_refusesUntilReleased() {
        InFlightWindow w = new InFlightWindow(2);
        assertThat(w.tryAcquire()).isTrue();
        assertThat(w.tryAcquire()).isTrue();
        assertThat(w.tryAcquire()).isFalse();
        w.release();
        assertThat(w.tryAcquire()).isTrue();
    }

    @Test
    void resize_smallerThanInFlight_keepsCountAndRefusesNewOnes() {
        InFlightWindow w = new InFlightWindow(10);
        for (int i = 0; i < 5; i++) {
            w.tryAcquire();
        }
        w.resize(3);
        assertThat(w.inFlight()).isEqualTo(5);
        assertThat(w.tryAcquire()).isFalse();
        w.release();
        w.release();
        w.release();
        assertThat(w.tryAcquire()).isTrue();
    }

    @Test
    void resize_zero_isRejected() {
        assertThatThrownBy(() -> new InFlightWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void release_withoutAcquire_throws() {
        assertThatThrownBy(() -> new InFlightWindow(1).release()).isInstanceOf(IllegalStateException.class);
    }
}
