/**
 * The agent's history for the chaos checker: JSON lines ({@link io.jumpingvpn.agent.history.HistoryLine}) written by
 * a background thread behind a bounded queue ({@link io.jumpingvpn.agent.history.AgentHistory}), so the data path
 * never waits for the disk. One history may be shared by several agents of one process. Nothing here knows about
 * sessions; the agent decides what to record.
 */
package io.jumpingvpn.agent.history;
