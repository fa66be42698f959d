/**
 * The JSON mapping of the history records: field names, which fields are required, how numbers and absent values are
 * read. Not API: use {@link io.jumpingvpn.chaos.history.HistoryFiles} and
 * {@link io.jumpingvpn.chaos.history.HistoryReader}. Nothing here decides whether a history is correct.
 */
package io.jumpingvpn.chaos.history.internal;
