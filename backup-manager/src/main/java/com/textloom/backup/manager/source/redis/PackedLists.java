package com.textloom.backup.manager.source.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Redis's compact encodings (listpack, ziplist, intset) into their elements; integers come
 * out as their decimal text, as Redis returns them to clients.
 */
final class PackedLists {
    private PackedLists() {}

    static List<byte[]> listpack(byte[] lp) throws RdbFormatException {
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        try {
            while (true) {
                int b = lp[p] & 0xff;
                if (b == 0xff) {
                    return out;
                }
                int entryLen;
                if ((b & 0x80) == 0) {
                    out.add(num(b & 0x7f));
                    entryLen = 1;
                } else if ((b & 0xc0) == 0x80) {
                    int len = b & 0x3f;
                    out.add(slice(lp, p + 1, len));
                    entryLen = 1 + len;
                } else if ((b & 0xe0) == 0xc0) {
                    int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                    out.add(num(v >= 1 << 12 ? v - (1 << 13) : v));
                    entryLen = 2;
                } else if ((b & 0xf0) == 0xe0) {
                    int len = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                    out.add(slice(lp, p + 2, len));
                    entryLen = 2 + len;
                } else if (b == 0xf0) {
                    int len = RdbReader.le32(lp, p + 1);
                    out.add(slice(lp, p + 5, len));
                    entryLen = 5 + len;
                } else if (b == 0xf1) {
                    out.add(num((short) ((lp[p + 1] & 0xff) | (lp[p + 2] << 8))));
                    entryLen = 3;
                } else if (b == 0xf2) {
                    int v = (lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8 | (lp[p + 3] << 16);
                    out.add(num(v));
                    entryLen = 4;
                } else if (b == 0xf3) {
                    out.add(num(RdbReader.le32(lp, p + 1)));
                    entryLen = 5;
                } else if (b == 0xf4) {
                    out.add(num(RdbReader.le64(lp, p + 1)));
                    entryLen = 9;
                } else {
                    throw new RdbFormatException("corrupt listpack (encoding " + b + ")");
                }
                p += entryLen + backlenSize(entryLen);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new RdbFormatException("corrupt listpack (truncated)");
        }
    }

    private static int backlenSize(int l) {
        if (l < 128) {
            return 1;
        } else if (l < 16384) {
            return 2;
        } else if (l < 2097152) {
            return 3;
        } else if (l < 268435456) {
            return 4;
        }
        return 5;
    }

    static List<byte[]> ziplist(byte[] zl) throws RdbFormatException {
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        try {
            while ((zl[p] & 0xff) != 0xff) {
                p += (zl[p] & 0xff) < 254 ? 1 : 5; // previous entry length
                int b = zl[p] & 0xff;
                switch (b >> 6) {
                    case 0 -> {
                        int len = b & 0x3f;
                        out.add(slice(zl, p + 1, len));
                        p += 1 + len;
                    }
                    case 1 -> {
                        int len = ((b & 0x3f) << 8) | (zl[p + 1] & 0xff);
                        out.add(slice(zl, p + 2, len));
                        p += 2 + len;
                    }
                    case 2 -> {
                        int len = (zl[p + 1] & 0xff) << 24
                                | (zl[p + 2] & 0xff) << 16
                                | (zl[p + 3] & 0xff) << 8
                                | (zl[p + 4] & 0xff);
                        out.add(slice(zl, p + 5, len));
                        p += 5 + len;
                    }
                    default -> {
                        switch (b) {
                            case 0xc0 -> {
                                out.add(num((short) ((zl[p + 1] & 0xff) | (zl[p + 2] << 8))));
                                p += 3;
                            }
                            case 0xd0 -> {
                                out.add(num(RdbReader.le32(zl, p + 1)));
                                p += 5;
                            }
                            case 0xe0 -> {
                                out.add(num(RdbReader.le64(zl, p + 1)));
                                p += 9;
                            }
                            case 0xf0 -> {
                                out.add(num((zl[p + 1] & 0xff) | (zl[p + 2] & 0xff) << 8 | (zl[p + 3] << 16)));
                                p += 4;
                            }
                            case 0xfe -> {
                                out.add(num(zl[p + 1]));
                                p += 2;
                            }
                            default -> {
                                if (b >= 0xf1 && b <= 0xfd) {
                                    out.add(num((b & 0x0f) - 1));
                                    p += 1;
                                } else {
                                    throw new RdbFormatException("corrupt ziplist (encoding " + b + ")");
                                }
                            }
                        }
                    }
                }
            }
            return out;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new RdbFormatException("corrupt ziplist (truncated)");
        }
    }

    static List<byte[]> intset(byte[] is) throws RdbFormatException {
        int width = RdbReader.le32(is, 0);
        int n = RdbReader.le32(is, 4);
        if (width != 2 && width != 4 && width != 8 || 8 + (long) n * width > is.length) {
            throw new RdbFormatException("corrupt intset");
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = 8 + i * width;
            long v = switch (width) {
                case 2 -> (short) ((is[p] & 0xff) | (is[p + 1] << 8));
                case 4 -> RdbReader.le32(is, p);
                default -> RdbReader.le64(is, p);
            };
            out.add(num(v));
        }
        return out;
    }

    private static byte[] num(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
