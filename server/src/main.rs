//! `itt-esim-server`: run the proxy (and optionally the sandbox and the demo files).

use clap::Parser;
use itt_esim_server::{app, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .with_target(false)
        .init();
    let config = Config::parse();
    // Check everything before binding, so a bad setting never holds the port.
    if let Err(e) = config.build() {
        eprintln!("itt-esim-server: configuration error: {e}");
        std::process::exit(2);
    }
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("itt-esim-server: cannot listen on {}: {e}", config.listen);
            std::process::exit(2);
        }
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    // Built again for the bound address: sandbox payment links need the real port.
    let (state, surface) = match config.build_for(addr) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("itt-esim-server: configuration error: {e}");
            std::process::exit(2);
        }
    };
    let mode = if config.sandbox { "sandbox" } else { "proxy" };
    // Printed on stdout (not only logged) so scripts can find a port chosen with :0.
    println!("itt-esim-server ({mode}) listening on http://{addr}");
    let router = app(state, &surface);
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        let term = async {
            if let Ok(mut s) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                s.recv().await;
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    };
    // Peer addresses feed the per-client rate limit.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("itt-esim-server: {e}");
        std::process::exit(1);
    }
}
