/**
 * A per-thread emulation of local interrupts: {@link dev.ctxlock.interrupt.LocalInterrupts} (counted
 * disable, raise, delivery points), the proof token {@link
 * dev.ctxlock.interrupt.LocalInterruptDisabled}, and {@link
 * dev.ctxlock.interrupt.InterruptHandler}.
 */
package dev.ctxlock.interrupt;
