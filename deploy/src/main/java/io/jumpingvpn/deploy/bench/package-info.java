/**
 * {@code jvpn bench ...}: benchmarks that print figures while they run and one JSON object at the end. They measure;
 * they never decide that a machine was fast enough.
 */
package io.jumpingvpn.deploy.bench;
