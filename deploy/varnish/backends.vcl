# The app servers Varnish sends visitors to, included by default.vcl.
#
# One gunicorn on this machine by default. For more app servers, add a backend
# for each and add it to the director below; Varnish shares requests among the
# healthy ones in turn and stops sending to one whose health check fails.
#
# The health check asks each server for /healthz (database and shared cache).
# Django answers only to host names in ALLOWED_HOSTS: put the site's own host
# name in the probe's Host line.

probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
}
