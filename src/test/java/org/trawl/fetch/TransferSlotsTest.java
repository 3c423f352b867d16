package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferSlotsTest {
    @Test
    void aFreedSlotGoesToTheFirstWaiterWhoseHostHasRoom() {
        TransferSlots<String> slots = new TransferSlots<>(3, 2);
        assertThat(slots.admit("a", "a1")).isTrue();
        assertThat(slots.admit("a", "a2")).isTrue();
        assertThat(slots.admit("a", "a3")).isFalse(); // host cap
        assertThat(slots.admit("b", "b1")).isTrue();
        assertThat(slots.admit("b", "b2")).isFalse(); // total cap
        assertThat(slots.waiting()).isEqualTo(2);

        // b1 ends: a is still at its cap, so the slot skips a3 and goes to b2
        assertThat(slots.release("b")).isEqualTo("b2");
        // a1 ends: a3 may run now
        assertThat(slots.release("a")).isEqualTo("a3");
        assertThat(slots.waiting()).isZero();
        assertThat(slots.release("a")).isNull();
        assertThat(slots.admit("c", "c1")).isTrue();
    }
}
