/**
 * Tests of the benchmark commands: their flags are validated with one-line errors, and a short run of each produces a
 * complete report. Correctness only: no test here asserts a speed.
 */
package io.jumpingvpn.deploy.bench;
