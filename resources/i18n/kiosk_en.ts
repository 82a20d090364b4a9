<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>KioskAdmin</name>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="116"/>
        <source>キオスクの管理</source>
        <translation>Kiosk administration</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="119"/>
        <source>キオスクモードを終了する</source>
        <translation>Leave kiosk mode</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="111"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="118"/>
        <source>管理者コード</source>
        <translation>Admin code</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="117"/>
        <source>管理者コード(&amp;C):</source>
        <translation>Admin &amp;code:</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="129"/>
        <source>管理者コードが違います。</source>
        <translation>Wrong admin code.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="109"/>
        <source>終了する</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>KioskAttract</name>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="102"/>
        <source>はじめる</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="103"/>
        <source>はじめる（ログイン画面へ）</source>
        <translation>Start (go to login)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="99"/>
        <source>マイナンバーカードで手続き</source>
        <translation>Services with your My Number Card</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="100"/>
        <source>マイナンバーカードを読み取り機に置いてください</source>
        <translation>Place your My Number Card on the reader</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="101"/>
        <source>利用者証明用の暗証番号（数字4桁）を使います。終わったらカードを取ってください。画面の内容はすべて消去されます。</source>
        <translation>You will need your user authentication PIN (4 digits). Take your card when you are done: everything on the screen is then erased.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="104"/>
        <source>待ち受け画面</source>
        <translation>Welcome screen</translation>
    </message>
    <message>
        <source>カードの取り忘れにご注意ください。読み取り機からカードをお取りください。</source>
        <translation>Please take your card: it is still in the reader.</translation>
    </message>
    <message>
        <source>職員の方へ: この端末のポリシーには管理者コードがないため、画面から終了することはできません。終了するには、管理者コードを設定したポリシーファイルを置いてください。</source>
        <translation>For staff: this kiosk's policy has no admin code, so it cannot be left from the screen. To leave it, install a policy file that sets an admin code.</translation>
    </message>
</context>
<context>
    <name>KioskCountdown</name>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="78"/>
        <source>操作がないため、まもなくログアウトし、画面の内容をすべて消去します。</source>
        <translation>No activity: you will soon be logged out and everything on the screen erased.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="67"/>
        <source>残り{n}秒</source>
        <translation>{n} s left</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="79"/>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="80"/>
        <source>続ける（ログアウトしない）</source>
        <translation>Continue (stay logged in)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="81"/>
        <source>自動ログアウトの予告</source>
        <translation>Automatic logout warning</translation>
    </message>
</context>
<context>
    <name>PinKeypad</name>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="154"/>
        <source>1文字消す</source>
        <translation>Delete one</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="157"/>
        <source>入力した暗証番号を全部消す</source>
        <translation>Clear the whole PIN</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="156"/>
        <source>全部消す</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="153"/>
        <source>画面の暗証番号キー</source>
        <translation>On-screen PIN keys</translation>
    </message>
</context>
</TS>
