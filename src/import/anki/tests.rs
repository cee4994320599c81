//! Unit tests of the package reader's parts.

mod parts {
    use super::super::collection::media_refs;
    use super::super::proto::Proto;
    use super::super::safe_media_name;

    #[test]
    fn media_names_that_escape_are_refused() {
        for bad in ["../../evil.txt", "/tmp/x", "..\\..\\x", "a/b", "", "..", ".hidden", "C:evil"] {
            assert!(!safe_media_name(bad), "{bad}");
        }
        for good in ["flag.png", "hello world.mp3", "ảnh.jpg"] {
            assert!(safe_media_name(good), "{good}");
        }
    }

    #[test]
    fn protobuf_bits() {
        // field 1 varint 1, then field 3 bytes "ab"
        assert_eq!(Proto::find_varint(&[0x08, 0x01, 0x1a, 0x02, b'a', b'b'], 1), Some(1));
        assert_eq!(Proto::find_string(&[0x08, 0x01, 0x0a, 0x02, b'a', b'b'], 1), Some("ab".into()));
    }

    #[test]
    fn media_references() {
        let mut v = Vec::new();
        media_refs(r#"Flag <img src="flag.png"> and [sound:hello.mp3]"#, &mut v);
        assert_eq!(v, vec!["hello.mp3", "flag.png"]);
    }
}
