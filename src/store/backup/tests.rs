//! Backups, restore, identity and trash on real SQLite files in temp dirs.

use super::*;
use crate::model::*;
use crate::store::{now, ts_to_sql};

fn open_temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("fengong.db")).unwrap();
    (dir, store)
}

fn with_sample() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = open_temp();
    store.load_sample().unwrap();
    (dir, store)
}

fn doc_count(path: &Path) -> i64 {
    let c = Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap()
}

#[test]
fn application_id_matches_the_migration_and_new_files_carry_it() {
    let (_d, store) = open_temp();
    let id: i32 = store.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, APPLICATION_ID);
    const { assert!(schema::LATEST_VERSION >= 2) };
}

#[test]
fn backup_now_writes_a_verified_single_file_copy() {
    let (dir, store) = with_sample();
    let info = store.backup_now(BackupReason::Manual).unwrap();
    assert!(info.path.starts_with(dir.path().join("backups")));
    assert_eq!(info.path.parent().unwrap(), backup_dir(store.path()), "one folder per database");
    assert!(
        info.file_name.starts_with("fengong-") && info.file_name.ends_with("-manual.db"),
        "{}",
        info.file_name
    );
    assert!(info.ok && info.size > 0);
    // One self-contained file (rollback journal, no -wal needed), complete and Fengong's.
    let c = Connection::open(&info.path).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    drop(c);
    assert_eq!(doc_count(&info.path), 1);
    assert_eq!(check_restorable(&info.path).unwrap(), schema::LATEST_VERSION);
    let listed = store.backups().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].file_name, info.file_name);
    assert_eq!(listed[0].reason_label, "手动备份");
    // No temp file left behind.
    let names: Vec<_> =
        std::fs::read_dir(backup_dir(store.path())).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Two in the same second get distinct names.
    let second = store.backup_now(BackupReason::Manual).unwrap();
    assert_ne!(second.path, info.path);
}

#[test]
fn an_empty_database_is_not_backed_up_before_changes_or_daily() {
    let (dir, mut store) = open_temp();
    assert!(store.backup_if_due().unwrap().is_none());
    store.load_sample().unwrap();
    assert!(
        list_backups(&dir.path().join("fengong.db")).unwrap().is_empty(),
        "first import into an empty db: nothing to keep"
    );
    let daily = store.backup_if_due().unwrap().expect("due: no backup yet");
    assert_eq!(daily.reason, BackupReason::Daily);
    assert!(store.backup_if_due().unwrap().is_none(), "one a day");
}

#[test]
fn import_merge_delete_forever_and_purge_back_up_first() {
    let (_dir, mut store) = with_sample();
    let reasons = |s: &Store| s.backups().unwrap().iter().map(|b| b.reason).collect::<Vec<_>>();
    store.load_sample().unwrap_err(); // refused as a duplicate: refused before the backup
    let parsed = crate::import::parse_annex(crate::sample::SAMPLE_TEXT.as_bytes(), "again.txt").unwrap();
    store.import_again(&parsed).unwrap();
    assert_eq!(reasons(&store), vec![BackupReason::Import]);
    let units = store.units().unwrap();
    store.merge_units(units[0].unit.id, units[1].unit.id).unwrap();
    assert!(reasons(&store).contains(&BackupReason::Merge));
    let doc = store.list_documents().unwrap()[0].id;
    store.delete_document(doc).unwrap();
    store.delete_forever(doc).unwrap();
    assert!(reasons(&store).contains(&BackupReason::Delete));
    assert!(store.trash().unwrap().is_empty());
}

fn backup_named(dir: &Path, when: &str, reason: &str) -> PathBuf {
    let p = dir.join(format!("fengong-{when}-{reason}.db"));
    std::fs::write(&p, b"x").unwrap();
    p
}

#[test]
fn retention_keeps_the_last_n_and_the_newest_of_each_week() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(BACKUP_DIR);
    std::fs::create_dir_all(&dir).unwrap();
    let now = NaiveDateTime::parse_from_str("20261201-120000", "%Y%m%d-%H%M%S").unwrap();
    // Three a day for 70 days back (2026-09-23 … 2026-12-01).
    for day in 0..70 {
        let d = now - chrono::Duration::days(day);
        for h in [9, 12, 17] {
            let t = d.date().and_hms_opt(h, 0, 0).unwrap();
            if t <= now {
                backup_named(&dir, &t.format("%Y%m%d-%H%M%S").to_string(), "daily");
            }
        }
    }
    let damaged = backup_named(&dir, "20260101-000000", "damaged");
    let stranger = dir.join("my-notes.db");
    std::fs::write(&stranger, b"x").unwrap();
    let policy = BackupPolicy { keep_last: 5, keep_weeks: 3 };
    prune(&dir, &policy, now).unwrap();
    let left = list_dir(&dir).unwrap();
    let names: Vec<&str> = left.iter().map(|b| b.file_name.as_str()).collect();
    // The newest five …
    assert_eq!(
        &names[..5],
        &[
            "fengong-20261201-120000-daily.db",
            "fengong-20261201-090000-daily.db",
            "fengong-20261130-170000-daily.db",
            "fengong-20261130-120000-daily.db",
            "fengong-20261130-090000-daily.db",
        ]
    );
    // … plus the newest of each ISO week reaching back three weeks (week 49 already kept; weeks 48, 47 and
    // the part of week 46 that is within 21 days: 2026-11-10 12:00 onward, newest of week 46 is Sunday the 15th).
    let rest: Vec<&str> = names[5..].to_vec();
    assert_eq!(
        rest,
        vec![
            "fengong-20261129-170000-daily.db",
            "fengong-20261122-170000-daily.db",
            "fengong-20261115-170000-daily.db",
            "fengong-20260101-000000-damaged.db",
        ]
    );
    assert!(damaged.exists() && stranger.exists(), "raw damaged copies and foreign files are never pruned");
}

#[test]
fn retention_setting_is_stored_validated_and_applied() {
    let (_dir, mut store) = with_sample();
    assert_eq!(store.backup_policy(), BackupPolicy { keep_last: 20, keep_weeks: 8 });
    assert!(store
        .set_backup_policy(&BackupPolicy { keep_last: 0, keep_weeks: 8 })
        .unwrap_err()
        .to_string()
        .contains("1 到 500"));
    store.set_backup_policy(&BackupPolicy { keep_last: 2, keep_weeks: 0 }).unwrap();
    assert_eq!(store.backup_policy(), BackupPolicy { keep_last: 2, keep_weeks: 0 });
    for _ in 0..4 {
        store.backup_now(BackupReason::Manual).unwrap();
    }
    assert_eq!(store.backups().unwrap().len(), 2);
}

#[test]
fn restore_brings_back_the_data_and_keeps_the_current_copy_first() {
    let (dir, mut store) = with_sample();
    let backup = store.backup_now(BackupReason::Manual).unwrap();
    let id = store.list_documents().unwrap()[0].id;
    store.update_document(id, &DocumentDraft::titled("改过的标题")).unwrap();
    let out = store.restore_from(&backup.path).unwrap();
    assert_eq!(out.documents, 1);
    // The same connection sees the restored data.
    assert!(store.document(id).unwrap().title.contains("第八批"));
    assert!(
        !store.search("税务局", &SearchFilter::default(), 10).unwrap().is_empty(),
        "search index restored"
    );
    // The data before the restore was kept.
    let c = Connection::open(&out.kept_copy).unwrap();
    let t: String = c.query_row("SELECT title FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(t, "改过的标题");
    assert!(out.kept_copy.file_name().unwrap().to_string_lossy().ends_with("-restore.db"));
    // Still writable and in WAL mode.
    let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    store.create_document(&DocumentDraft::titled("恢复后新建")).unwrap();
    drop(store);
    assert_eq!(doc_count(&dir.path().join("fengong.db")), 2);
}

#[test]
fn restore_refuses_damaged_foreign_newer_empty_and_self() {
    let (dir, mut store) = with_sample();
    let db = dir.path().join("fengong.db");
    let before = store.list_documents().unwrap().len();

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "这不是数据库".repeat(200)).unwrap();
    let e = store.restore_from(&garbage).unwrap_err().to_string();
    assert!(e.contains("garbage.db") && e.contains("不是数据库") && e.contains("不能用来恢复"), "{e}");

    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let e = store.restore_from(&foreign).unwrap_err().to_string();
    assert!(e.contains("other.db") && e.contains("不是分工的数据库"), "{e}");

    let newer = dir.path().join("newer.db");
    store.backup_to_file(&newer).unwrap();
    Connection::open(&newer).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let e = store.restore_from(&newer).unwrap_err().to_string();
    assert!(e.contains("newer.db") && e.contains("版本（99）"), "{e}");

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let e = store.restore_from(&empty).unwrap_err().to_string();
    assert!(e.contains("空的数据库"), "{e}");

    let e = store.restore_from(&db).unwrap_err().to_string();
    assert!(e.contains("正在使用的数据库本身"), "{e}");

    // Damaged inside: a good copy with pages overwritten in the middle.
    let damaged = dir.path().join("damaged.db");
    store.backup_to_file(&damaged).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096 * 2..len - 4096] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let e = store.restore_from(&damaged).unwrap_err().to_string();
    assert!(e.contains("damaged.db") && e.contains("损坏"), "{e}");

    assert_eq!(store.list_documents().unwrap().len(), before, "nothing changed");
    assert!(store.backups().unwrap().is_empty(), "refused before the current data was copied");
}

#[test]
fn restore_accepts_a_version_1_database_and_migrates_it() {
    let (dir, mut store) = with_sample();
    let v1 = dir.path().join("v1.db");
    store.backup_to_file(&v1).unwrap();
    Connection::open(&v1)
        .unwrap()
        .execute_batch(
            "DROP TABLE history; DROP TABLE unit_history; ALTER TABLE documents DROP COLUMN source; DROP TABLE settings; PRAGMA application_id = 0; PRAGMA user_version = 1;",
        )
        .unwrap();
    assert_eq!(check_restorable(&v1).unwrap(), 1);
    store.restore_from(&v1).unwrap();
    assert_eq!(schema::version(&store.conn).unwrap(), schema::LATEST_VERSION);
    let id: i32 = store.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, APPLICATION_ID);
}

#[test]
fn a_version_1_database_is_backed_up_before_it_is_migrated() {
    let (dir, store) = with_sample();
    let path = dir.path().join("fengong.db");
    drop(store);
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP TABLE history; DROP TABLE unit_history; ALTER TABLE documents DROP COLUMN source; DROP TABLE settings; PRAGMA application_id = 0; PRAGMA user_version = 1;",
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    let b = store.backups().unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].reason, BackupReason::Migrate);
    let c = Connection::open(&b[0].path).unwrap();
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "the copy is of the database before the upgrade");
    assert_eq!(schema::version(&store.conn).unwrap(), schema::LATEST_VERSION);
}

#[test]
fn another_programs_database_is_refused_in_chinese_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wechat.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE messages(id INTEGER PRIMARY KEY, text TEXT);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path).err().expect("refused").to_string();
    assert!(e.contains("wechat.db") && e.contains("不是分工的数据库"), "{e}");
    assert!(!e.contains("CREATE"), "no schema dump: {e}");
    assert!(e.lines().count() <= 2, "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
    assert!(!PathBuf::from(format!("{}-wal", path.display())).exists(), "journal mode not switched");
    // Another application_id with a user_version is refused too.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("PRAGMA application_id = 42; PRAGMA user_version = 1; CREATE TABLE documents(x);")
        .unwrap();
    assert!(Store::open(&other).err().unwrap().to_string().contains("不是分工的数据库"));
}

#[test]
fn file_is_not_a_database_is_said_in_chinese_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("附件.db");
    std::fs::write(&path, "附件\n广东自贸试验区任务分工表\n".repeat(100)).unwrap();
    let e = Store::open(&path).err().expect("refused");
    assert!(matches!(e, Error::DamagedDb { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("附件.db") && msg.contains("已损坏") && msg.contains("不是数据库"), "{msg}");
    assert!(!msg.contains("file is not a database"), "{msg}");
}

#[test]
fn a_damaged_database_is_restored_closed_from_the_newest_good_backup() {
    let (dir, store) = with_sample();
    let path = dir.path().join("fengong.db");
    store.backup_now(BackupReason::Daily).unwrap();
    drop(store);
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::DamagedDb { .. })));
    let good = newest_good_backup(&path).expect("a good backup");
    let out = restore_closed(&path, &good.path).unwrap();
    assert_eq!(out.documents, 1);
    assert!(out.kept_copy.to_string_lossy().ends_with("-damaged.db"), "{}", out.kept_copy.display());
    assert_eq!(
        std::fs::read(&out.kept_copy).unwrap(),
        vec![0x42u8; 8192],
        "the damaged file is kept as it was"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 1);
}

#[test]
fn trash_lists_restores_deletes_forever_and_the_purge_runs_at_open() {
    let (dir, mut store) = with_sample();
    let path = dir.path().join("fengong.db");
    let doc = store.list_documents().unwrap()[0].id;
    let solo = store.create_document(&DocumentDraft::titled("只有一个单位的表")).unwrap();
    store
        .add_item(
            solo,
            None,
            &ItemDraft {
                title: "独有事项".into(),
                units: vec![UnitRef { name: "只在回收站用到的单位".into(), role: Role::Lead }],
                ..Default::default()
            },
        )
        .unwrap();
    store.delete_document(doc).unwrap();
    store.delete_document(solo).unwrap();
    let trash = store.trash().unwrap();
    assert_eq!(trash.len(), 2);
    let t = trash.iter().find(|t| t.id == doc).unwrap();
    assert_eq!(t.item_count, 20);
    assert_eq!((t.purge_at - t.deleted_at).num_days(), 30);
    store.restore_document(doc).unwrap();
    assert_eq!(store.trash().unwrap().len(), 1);
    assert!(
        store.delete_forever(doc).unwrap_err().to_string().contains("回收站中的文档"),
        "only trashed documents"
    );

    // Trashed 31 days ago: the next open purges it, backs up first, and its unit becomes deletable.
    let old = ts_to_sql(&(now() - chrono::Duration::days(31)));
    store
        .conn
        .execute("UPDATE documents SET deleted_at = ?1 WHERE id = ?2", rusqlite::params![old, solo])
        .unwrap();
    let unit = store.find_unit("只在回收站用到的单位").unwrap().unwrap().id;
    assert!(store.delete_unit(unit).is_err(), "still used by the trashed document");
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert!(store.trash().unwrap().is_empty());
    assert!(store.backups().unwrap().iter().any(|b| b.reason == BackupReason::Purge));
    let hits = store.search("独有事项", &SearchFilter::default(), 10).unwrap();
    assert!(hits.is_empty(), "search index purged too");
    store.delete_unit(unit).unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 1);
}

#[test]
fn a_plain_copy_of_a_wal_mode_database_can_be_restored() {
    let (dir, mut store) = with_sample();
    let db = dir.path().join("fengong.db");
    store.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    let copy = dir.path().join("复制的数据库.db");
    std::fs::copy(&db, &copy).unwrap();
    let id = store.list_documents().unwrap()[0].id;
    store.delete_document(id).unwrap();
    store.restore_from(&copy).unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 1);
}

#[test]
fn damage_inside_the_pages_fails_the_backup_check_and_restore_from_still_works() {
    let (dir, store) = with_sample();
    let path = dir.path().join("fengong.db");
    let good = store.backup_now(BackupReason::Manual).unwrap();
    let root: usize = store
        .conn
        .query_row("SELECT rootpage FROM sqlite_master WHERE name = 'items'", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize;
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    // The items table's root page: opening reads the schema and the documents table only, so it opens;
    // the integrity check of the daily backup finds the damage.
    let mid = (root - 1) * 4096;
    for b in &mut bytes[mid..mid + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let mut store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => panic!("header intact, so it opens: {e}"),
    };
    let e = store.backup_now(BackupReason::Daily).unwrap_err();
    assert!(matches!(e, Error::DamagedDb { .. }), "{e:?}");
    assert!(e.to_string().contains("fengong.db") && e.to_string().contains("完整性检查"), "{e}");
    assert_eq!(store.backups().unwrap().len(), 1, "the failed copy is not left behind");
    let out = store.restore_from(&good.path).unwrap();
    assert!(out.kept_copy.to_string_lossy().ends_with("-damaged.db"), "{}", out.kept_copy.display());
    assert_eq!(store.list_documents().unwrap().len(), 1);
    assert!(store.backup_now(BackupReason::Manual).is_ok(), "whole again");
}

#[test]
fn databases_in_one_folder_keep_their_backups_apart() {
    let (dir, a) = with_sample();
    let mut b = Store::open(dir.path().join("另一个.db")).unwrap();
    b.load_sample().unwrap();
    a.backup_now(BackupReason::Manual).unwrap();
    assert!(b.backups().unwrap().is_empty(), "b lists none of a's backups");
    assert!(b.backup_if_due().unwrap().is_some(), "a's copy today does not stand in for b's daily one");
    let keep_one = BackupPolicy { keep_last: 1, keep_weeks: 0 };
    b.set_backup_policy(&keep_one).unwrap();
    b.backup_now(BackupReason::Manual).unwrap();
    assert_eq!(a.backups().unwrap().len(), 1, "b's retention leaves a's backups alone");
}

#[test]
fn a_restore_during_another_write_keeps_that_write_in_its_copy() {
    let (dir, mut store) = with_sample();
    let old = store.backup_now(BackupReason::Manual).unwrap().path;
    let db = store.path().to_path_buf();
    // Another window's long write: committed while the restore is already waiting.
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        c.execute(
            "INSERT INTO documents (title, columns, created_at, updated_at) VALUES ('另一窗口导入的文档', '[]', ?1, ?1)",
            [ts_to_sql(&now())],
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1_500));
        c.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let out = store.restore_from(&old).unwrap();
    writer.join().unwrap();
    assert_eq!(doc_count(&out.kept_copy), 2, "the kept copy holds the write the restore waited for");
    drop(dir);
}
