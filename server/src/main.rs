use std::{io::Write, process::ExitCode};

use clap::Parser;
use digitale_stadt::{
    Application, accounts,
    config::{self, AdminCommand, Cli, Command},
    council, db, http, migrate, search, seed,
};
use tracing_subscriber::{EnvFilter, fmt};

/// The database engine decodes every record it reads into many small
/// allocations; glibc's allocator spent over a third of the CPU time of an
/// OParl walk on them (measured with `perf`, e2e/bench/oparl-walk.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Logs without `RUST_LOG`. The SDK ends a dropped live query (the council
/// version's, at shutdown) in a session of its own that has no namespace and
/// warns that this failed; the query ends with the engine or the connection
/// anyway, so only its errors are shown.
const DEFAULT_LOG_FILTER: &str = "info,surrealdb=warn,surrealkv=warn,surrealdb::method::live=error";

fn main() -> ExitCode {
    let cli = Cli::parse();
    fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER)),
        )
        .with_writer(std::io::stderr)
        .init();
    #[cfg(target_os = "linux")]
    without_transparent_huge_pages();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.worker_threads.into())
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(cli.command)),
        Err(err) => Err(err.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// mimalloc asks the kernel for transparent huge pages on its arenas
/// (`MADV_HUGEPAGE`): a huge page that holds one live allocation stays
/// resident whole, 2 MiB, however much of it was freed. In the 600 s load
/// runs that was 148–192 MiB of the server's memory (docs/deployment.md §6).
/// Turned off for the whole process, RocksDB's memory included, before the
/// runtime starts its threads; what was allocated before keeps its pages.
#[cfg(target_os = "linux")]
fn without_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers only and sets a flag of
    // this process; no memory is read or written through its arguments.
    if unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) } != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            "transparent huge pages stay on: the server holds more memory than it uses"
        );
    }
}

async fn run(command: Command) -> digitale_stadt::error::Result<()> {
    match command {
        Command::Serve(config) => {
            let demo_key = if config.demo {
                "\nDemo-Modus: Open311 nimmt den API-Schlüssel „demo“ an."
            } else {
                ""
            };
            let app = Application::build(config).await?;
            // Whoever reads only the first line may close the pipe before the
            // second arrives; a closed stdout must not stop the server.
            let _ = writeln!(
                std::io::stdout(),
                "Digitale Stadt läuft: {}{demo_key}",
                app.public_url()
            );
            app.run_until_stopped().await
        }
        Command::Migrate(config) => {
            let db = db::connect(&config).await?;
            let applied = migrate::run(&db).await?;
            println!("{} migration(s) applied", applied.len());
            db::close(db).await;
            Ok(())
        }
        Command::Seed(config) => {
            let db = db::connect(&config.db).await?;
            migrate::run(&db).await?;
            if seed::demo_if_empty(&db, config.scale).await? {
                println!("demo city loaded into {}", config.db.db);
            } else {
                println!("{} already has a city; nothing changed", config.db.db);
            }
            db::close(db).await;
            Ok(())
        }
        Command::ImportOparl(config) => {
            let db = db::connect(&config.db).await?;
            migrate::run(&db).await?;
            eprintln!("Lese {} …", config.system_url);
            let summary = council::import::import(&db, config.system_url.as_str()).await?;
            print!("{summary}");
            db::close(db).await;
            Ok(())
        }
        Command::Export(config) => {
            db::export(&config.db, &config.file).await?;
            println!("{} written to {}", config.db.db, config.file.display());
            Ok(())
        }
        Command::Import(config) => {
            db::import(&config.db, &config.file).await?;
            // Migrations newer than the export.
            let db = db::connect(&config.db).await?;
            let applied = migrate::run(&db).await?;
            // An import leaves the change feed empty: search indexes built
            // before cannot follow it and are built anew.
            search::renew_epoch(&db).await?;
            db::close(db).await;
            println!(
                "{} read into {} ({} migration(s) applied since the export)",
                config.file.display(),
                config.db.db,
                applied.len()
            );
            Ok(())
        }
        Command::Reindex(config) => {
            let db = db::connect(&config.db).await?;
            migrate::run(&db).await?;
            if config.all_servers {
                search::renew_epoch(&db).await?;
                println!(
                    "every running app server now builds its search index anew, while it answers"
                );
            } else {
                reindex(
                    &db,
                    &config::search_place(config.search_dir.as_ref(), &config.db),
                )
                .await?;
            }
            db::close(db).await;
            Ok(())
        }
        Command::Admin(AdminCommand::Invite(config)) => {
            let db = db::connect(&config.db).await?;
            migrate::run(&db).await?;
            let invite = accounts::invites::create(
                &db,
                &config.public_url,
                config.role,
                None,
                config.valid_hours,
            )
            .await?;
            println!(
                "Einladung als {} (einmal verwendbar, gültig bis {}):\n{}",
                invite.role, invite.expires_at, invite.link
            );
            db::close(db).await;
            Ok(())
        }
        Command::Admin(AdminCommand::RotateKeys(config)) => {
            let db = db::connect(&config.db).await?;
            migrate::run(&db).await?;
            let key_file =
                accounts::tokens::open_key_file(&db, &config.key_file, config.retire_old).await?;
            let kid = accounts::tokens::rotate(&db, &key_file, config.retire_old).await?;
            if config.retire_old {
                println!(
                    "new signing key {kid}; every older key is retired: its tokens stop working on every app server within a minute"
                );
            } else {
                println!(
                    "new signing key {kid}; tokens signed with older keys stay valid until they expire"
                );
            }
            db::close(db).await;
            Ok(())
        }
    }
}

/// Builds the search index in `place` from the database, with a progress
/// line.
async fn reindex(db: &db::Db, place: &search::Place) -> digitale_stadt::error::Result<()> {
    let search = search::Search::open(place)?;
    let total = search::count(db, http::SEARCHABLE).await?.max(1);
    let started = std::time::Instant::now();
    let show = move |search: &search::Search| {
        let done = search.progress().done;
        eprint!("\r{done} / {total} ({} %)", done * 100 / total);
    };
    let shown = search.clone();
    let progress = tokio::spawn(async move {
        loop {
            show(&shown);
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    });
    let built = search.rebuild(db, http::SEARCHABLE).await;
    progress.abort();
    built?;
    show(&search);
    eprintln!();
    println!(
        "search index in {place} built: {} documents in {:.1} s",
        search.progress().done,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
