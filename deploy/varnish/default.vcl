# Varnish in front of the app servers (Debian's varnish package, 7.x).
#
# It keeps only what the app marks shareable (Cache-Control: public, s-maxage:
# see site_core/http_cache.py), fetched for an anonymous GET or HEAD, and sends
# everything else straight to an app server: the admin and previews, search,
# documents, page passwords, any request with a session or CSRF cookie, every
# POST. Forms and thank-you pages answer "no-store" and are never kept.
#
# The app purges on publish (site_core/purge.py): PURGE <path> drops that path
# with any query string; BAN <path> with X-Ban-Path: <regex> drops every path
# the regex matches (the calendar feeds, the pages API). Both are accepted only
# from the app servers listed in the "purgers" ACL below.
#
# When every app server is down, pages already kept are served for up to six
# hours, stale, rather than an error.
#
# Check a change compiles:  varnishd -C -f /etc/varnish/default.vcl

vcl 4.1;

import directors;
import std;

# The app servers, from the file next to this one.
include "./backends.vcl";

# Who may purge: the app servers. Add each app server's address (or network,
# e.g. "10.0.1.0"/24) when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app_servers.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(403, "Purging is allowed only from the app servers."));
        }
        if (req.method == "BAN") {
            if (!req.http.X-Ban-Path) {
                return (synth(400, "BAN needs an X-Ban-Path header."));
            }
            if (!std.ban("obj.http.X-Cache-Host == " + req.http.host +
                    " && obj.http.X-Cache-Path ~ " + req.http.X-Ban-Path)) {
                return (synth(400, "Ban refused: " + std.ban_error()));
            }
            return (synth(200, "Banned."));
        }
        if (!std.ban("obj.http.X-Cache-Host == " + req.http.host +
                " && obj.http.X-Cache-Path == " + regsub(req.url, "\?.*$", ""))) {
            return (synth(400, "Purge refused: " + std.ban_error()));
        }
        return (synth(200, "Purged."));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never kept, whatever the app says: staff, previews, private answers.
    if (req.url ~ "^/(admin|django-admin|_util|search|documents)(/|\?|$)" ||
            req.url ~ "^/healthz") {
        return (pass);
    }
    # A session or a CSRF token belongs to one person.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" || req.http.Authorization) {
        return (pass);
    }
    # Any other cookie means nothing to the site: drop it, so the page is shared.
    unset req.http.Cookie;

    # While an app server is healthy, serve a stale page for a few seconds at
    # most while it is fetched again; when none is, for as long as grace allows.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Remembered with the object, so a purge can find every query string of a path.
    set beresp.http.X-Cache-Host = bereq.http.host;
    set beresp.http.X-Cache-Path = regsub(bereq.url, "\?.*$", "");

    if (beresp.http.Set-Cookie ||
            beresp.http.Cache-Control !~ "public" ||
            beresp.http.Cache-Control ~ "(no-store|no-cache|private)") {
        # Not stored; for two minutes, requests for it go straight to the app.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }

    set beresp.grace = 6h;
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|ld\+json|javascript)|image/svg)") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    # Whether this answer came from the cache: for the scale-out drill and for
    # whoever debugs a stale page.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Cache-Host;
    unset resp.http.X-Cache-Path;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
