//! `itt-esim-server`: run the proxy (and optionally the sandbox and the demo files).

use itt_esim_server::assemble::{self, assemble_with};
use itt_esim_server::config::{parse_with_file, Command, LogFormat};
use itt_esim_server::serve::{serve, shutdown_signal};
use itt_esim_server::store::Stores;
use itt_esim_server::{app, metrics};
use tracing_subscriber::EnvFilter;

/// A per-request allocation pattern: mimalloc spends far fewer instructions than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Log lines on stdout: `RUST_LOG` filters (default `info`), `--log-format` shapes.
fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match format {
        LogFormat::Text => logs.init(),
        // The request's span (id, method, path, operation) in each line, as in the text form.
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(true)
            .init(),
    }
}

#[tokio::main]
async fn main() {
    let config = match parse_with_file(std::env::args().collect()) {
        Ok(config) => config,
        Err(e) => {
            // clap's own help and version output arrive here too.
            if e.contains("Usage:") || e.starts_with("itt-esim-server ") {
                println!("{e}");
                std::process::exit(0);
            }
            eprintln!("itt-esim-server: configuration error: {e}");
            std::process::exit(2);
        }
    };
    init_logs(config.log_format);
    match &config.command {
        Some(Command::RegisterWebhook(settings)) => {
            std::process::exit(register_webhook(&config, settings).await)
        }
        Some(Command::Purchases(command)) => {
            std::process::exit(itt_esim_server::admin::run(command).await)
        }
        None => {}
    }
    // Check everything before binding, so a bad setting never holds the port; the
    // state store is opened once (the embedded one is locked to this process).
    let stores = match assemble::check(&config).and_then(|()| assemble::open_stores(&config)) {
        Ok(stores) => stores,
        Err(e) => {
            eprintln!("itt-esim-server: configuration error: {e}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("itt-esim-server: cannot listen on {}: {e}", config.listen);
            std::process::exit(2);
        }
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    // Built again for the bound address: sandbox payment links need the real port.
    let (state, surface) = match assemble_with(&config, addr, stores) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("itt-esim-server: configuration error: {e}");
            std::process::exit(2);
        }
    };
    if let Some(address) = config.metrics_listen {
        let metrics = metrics::http::router(state.metrics.clone(), state.store_health.clone());
        match tokio::net::TcpListener::bind(address).await {
            Ok(listener) => {
                // Printed like the main address, for scripts that pass :0.
                let bound = listener.local_addr().expect("bound socket has an address");
                println!("itt-esim-server metrics on http://{bound}/metrics");
                tokio::spawn(async move { axum::serve(listener, metrics).await });
            }
            Err(e) => {
                eprintln!(
                    "itt-esim-server: cannot listen on --metrics-listen {address} (ITT_METRICS_LISTEN): {e}"
                );
                std::process::exit(2);
            }
        }
    }
    let mode = if config.sandbox { "sandbox" } else { "proxy" };
    // Printed on stdout (not only logged) so scripts can find a port chosen with :0.
    println!("itt-esim-server ({mode}) listening on http://{addr}");
    // Deadlines, caps per peer and graceful shutdown: see `serve.rs`.
    let detached = state.detached.clone();
    let router = app(state, &surface);
    serve(
        listener,
        router,
        assemble::serve_options(&config),
        shutdown_signal(),
    )
    .await;
    // Purchases already sent to ITT finish and are recorded, even when their
    // clients are gone (bounded: ITT's timeout twice, for the token's lookup too).
    let running = detached.running();
    if running > 0 {
        tracing::info!(running, "waiting for purchases sent to ITT");
        let limit = std::time::Duration::from_secs(config.timeout_secs.max(1) * 2 + 2);
        if !detached.wait_idle(limit).await {
            tracing::warn!(
                running = detached.running(),
                "shut down with purchases still under way: their records become unknown; check them with ITT and resolve them with `itt-esim-server purchases`"
            );
        }
    }
}

/// `itt-esim-server register-webhook --supplier-code C --supplier-uid U`: one upstream
/// call with the server's configuration.
async fn register_webhook(
    config: &itt_esim_server::Config,
    settings: &itt_esim_server::config::WebhookSettings,
) -> i32 {
    let body = match settings.body() {
        Ok(body) => body,
        Err(e) => {
            eprintln!("itt-esim-server: configuration error: {e}");
            return 2;
        }
    };
    // It books nothing: no state store (a running server may hold it).
    let (state, _) = match assemble_with(config, config.listen, Stores::memory()) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("itt-esim-server: configuration error: {e}");
            return 2;
        }
    };
    match state
        .upstream
        .call(&state.upstream_path("register-webhook"), body.to_string())
        .await
    {
        Ok(answer) => {
            let text = String::from_utf8_lossy(&answer.body);
            if answer.status.is_success() {
                println!("webhook registered: {text}");
                0
            } else {
                eprintln!(
                    "itt-esim-server: ITT refused the webhook ({}): {text}",
                    answer.status
                );
                1
            }
        }
        Err(e) => {
            eprintln!("itt-esim-server: {e}");
            1
        }
    }
}
