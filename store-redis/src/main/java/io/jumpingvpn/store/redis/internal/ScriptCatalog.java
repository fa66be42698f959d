package io.jumpingvpn.store.redis.internal;

import java.util.List;

/** Every script the store runs, loaded once from the class path. */
public record ScriptCatalog(
        LuaScript create,
        LuaScript reattach,
        LuaScript transition,
        LuaScript terminate,
        LuaScript transfer,
        LuaScript reconcile,
        LuaScript read,
        LuaScript nodeRegister,
        LuaScript nodeRenew,
        LuaScript nodeRelease,
        LuaScript nodeList) {

    public static ScriptCatalog load() {
        return new ScriptCatalog(
                LuaScript.load("session_create"),
                LuaScript.load("session_reattach"),
                LuaScript.load("session_transition"),
                LuaScript.load("session_terminate"),
                LuaScript.load("session_transfer"),
                LuaScript.load("session_reconcile"),
                LuaScript.load("session_read"),
                LuaScript.load("node_register"),
                LuaScript.load("node_renew"),
                LuaScript.load("node_release"),
                LuaScript.load("node_list"));
    }

    public List<LuaScript> all() {
        return List.of(
                create,
                reattach,
                transition,
                terminate,
                transfer,
                reconcile,
                read,
                nodeRegister,
                nodeRenew,
                nodeRelease,
                nodeList);
    }
}
