package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferSlotsTest {
    @Test
    void aFreedSlotGoesToTheFirstWaiterWhoseHostHasRoom() {
        TransferSlots<String> slots = new TransferSlots<>(3, 2, 1);
        assertThat(slots.admit("a", "a1", 0)).isZero();
        assertThat(slots.admit("a", "a2", 0)).isZero();
        assertThat(slots.admit("a", "a3", 0)).isEqualTo(-1); // host cap
        assertThat(slots.admit("b", "b1", 0)).isZero();
        assertThat(slots.admit("b", "b2", 0)).isEqualTo(-1); // total cap
        assertThat(slots.waiting()).isEqualTo(2);

        // b1 ends: a is still at its cap, so the slot skips a3 and goes to b2
        assertThat(slots.release("b", 0)).isEqualTo(new TransferSlots.Start<>("b2", 0));
        // a1 ends: a3 may run now
        assertThat(slots.release("a", 0)).isEqualTo(new TransferSlots.Start<>("a3", 0));
        assertThat(slots.waiting()).isZero();
        assertThat(slots.release("a", 0)).isNull();
        assertThat(slots.admit("c", "c1", 0)).isZero();
    }

    @Test
    void aHostsCapIsSplitOverTheLoopsAndNeverExceededInAll() {
        TransferSlots<String> slots = new TransferSlots<>(64, 3, 2);
        String host = "images.example.org";
        assertThat(slots.cap(host, 0) + slots.cap(host, 1)).isEqualTo(3);
        assertThat(slots.perHostPerLoop()).isEqualTo(2);
        int[] on = new int[2];
        for (int i = 0; i < 3; i++) {
            on[slots.admit(host, "t" + i, i)]++; // a preferred loop without room sends it to the other
        }
        assertThat(on[0]).isEqualTo(slots.cap(host, 0));
        assertThat(on[1]).isEqualTo(slots.cap(host, 1));
        assertThat(slots.admit(host, "t3", 0)).isEqualTo(-1);

        // a slot freed on a loop goes back to that loop: the host's count there stays within its share
        int full = slots.cap(host, 0) == 2 ? 0 : 1;
        assertThat(slots.release(host, full)).isEqualTo(new TransferSlots.Start<>("t3", full));
    }

    @Test
    void aHostWithOneSlotLivesOnOneLoopAndManySuchHostsUseEveryLoop() {
        TransferSlots<String> slots = new TransferSlots<>(100, 1, 2);
        int[] hostsOn = new int[2];
        for (int h = 0; h < 40; h++) {
            String host = "host" + h + ".example.org";
            int home = slots.cap(host, 0) == 1 ? 0 : 1;
            assertThat(slots.cap(host, 1 - home)).isZero();
            assertThat(slots.admit(host, host, 1 - home))
                    .as("whatever loop is preferred")
                    .isEqualTo(home);
            hostsOn[home]++;
        }
        assertThat(hostsOn[0]).isPositive();
        assertThat(hostsOn[1]).isPositive();
    }

    @Test
    void aSlotFreedWhereNoWaiterFitsGoesToAWaiterOnAnotherLoop() {
        TransferSlots<String> slots = new TransferSlots<>(2, 1, 2);
        String a = hostAt(slots, 0, 0), b = hostAt(slots, 1, 0), c = hostAt(slots, 1, 1);
        assertThat(slots.admit(a, "a1", 0)).isZero();
        assertThat(slots.admit(b, "b1", 1)).isEqualTo(1);
        assertThat(slots.admit(c, "c1", 0)).as("-j is reached").isEqualTo(-1);

        // a1 ends on loop 0, where c has no share: c1 takes the freed -j slot on its own loop
        assertThat(slots.release(a, 0)).isEqualTo(new TransferSlots.Start<>("c1", 1));
    }

    /** The {@code skip}+1-th host name whose one slot is on {@code loop}. */
    static String hostAt(TransferSlots<String> slots, int loop, int skip) {
        for (int i = 0; ; i++) {
            if (slots.cap("h" + i, loop) == 1 && skip-- == 0) {
                return "h" + i;
            }
        }
    }
}
