<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>KioskAdmin</name>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="125"/>
        <source>キオスクの管理</source>
        <translation>Kiosk administration</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="128"/>
        <source>キオスクモードを終了する</source>
        <translation>Leave kiosk mode</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="120"/>
        <location filename="../../ui/kiosk/admin_exit.py" line="129"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="127"/>
        <source>管理者コード</source>
        <translation>Admin code</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="126"/>
        <source>管理者コード(&amp;C):</source>
        <translation>Admin &amp;code:</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="138"/>
        <source>管理者コードが違います。</source>
        <translation>Wrong admin code.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/admin_exit.py" line="118"/>
        <source>終了する</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>KioskAttract</name>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="126"/>
        <source>はじめる</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="127"/>
        <source>はじめる（ログイン画面へ）</source>
        <translation>Start (go to login)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="123"/>
        <source>マイナンバーカードで手続き</source>
        <translation>Services with your My Number Card</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="124"/>
        <source>マイナンバーカードを読み取り機に置いてください</source>
        <translation>Place your My Number Card on the reader</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="125"/>
        <source>利用者証明用の暗証番号（数字4桁）を使います。終わったらカードを取ってください。画面の内容はすべて消去されます。</source>
        <translation>You will need your user authentication PIN (4 digits). Take your card when you are done: everything on the screen is then erased.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="130"/>
        <source>待ち受け画面</source>
        <translation>Welcome screen</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="128"/>
        <source>カードの取り忘れにご注意ください。読み取り機からカードをお取りください。</source>
        <translation>Please take your card: it is still in the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/attract.py" line="129"/>
        <source>職員の方へ: この端末のポリシーには管理者コードがないため、画面から終了することはできません。終了するには、管理者コードを設定したポリシーファイルを置いてください。</source>
        <translation>For staff: this kiosk&apos;s policy has no admin code, so it cannot be left from the screen. To leave it, install a policy file that sets an admin code.</translation>
    </message>
</context>
<context>
    <name>KioskCountdown</name>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="77"/>
        <source>操作がないため、まもなくログアウトし、画面の内容をすべて消去します。</source>
        <translation>No activity: you will soon be logged out and everything on the screen erased.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="66"/>
        <source>残り{n}秒</source>
        <translation>{n} s left</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="78"/>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="79"/>
        <source>続ける（ログアウトしない）</source>
        <translation>Continue (stay logged in)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/countdown.py" line="80"/>
        <source>自動ログアウトの予告</source>
        <translation>Automatic logout warning</translation>
    </message>
</context>
<context>
    <name>KioskKeyboard</name>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="327"/>
        <source>このキーボードでは漢字を入力できません。ひらがな・カタカナ・英数字で入力してください。</source>
        <translation>Kanji cannot be typed on these keys. Use hiragana, katakana, or letters and digits.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="329"/>
        <source>カタカナで入力します。「゛」「゜」「小」は直前の文字を変えます（タ→ダ、ハ→パ、ツ→ッ）。</source>
        <translation>Type in katakana. 「゛」, 「゜」 and 「小」 change the character just typed (タ→ダ, ハ→パ, ツ→ッ).</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="336"/>
        <source>画面のキーボード</source>
        <translation>On-screen keyboard</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="337"/>
        <source>ひらがな</source>
        <translation>Hiragana</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="338"/>
        <source>カタカナ</source>
        <translation>Katakana</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="339"/>
        <source>英数</source>
        <translation>ABC 123</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="342"/>
        <source>{keys}のキーにする</source>
        <translation>Show the {keys} keys</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="343"/>
        <source>大文字</source>
        <translation>Upper case</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="343"/>
        <source>小文字</source>
        <translation>Lower case</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="344"/>
        <source>大文字と小文字を切り替える</source>
        <translation>Switch between upper and lower case</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="345"/>
        <source>空白</source>
        <translation>Space</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="346"/>
        <source>空白を入れる</source>
        <translation>Type a space</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="347"/>
        <location filename="../../ui/kiosk/keyboard.py" line="348"/>
        <source>1文字消す</source>
        <translation>Delete one</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="349"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="350"/>
        <source>キーボードを閉じる</source>
        <translation>Close the keyboard</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="368"/>
        <source>濁点（直前の文字に付ける）</source>
        <translation>Dakuten (voiced mark on the character just typed)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="369"/>
        <source>半濁点（直前の文字に付ける）</source>
        <translation>Handakuten (p-sound mark on the character just typed)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="370"/>
        <source>小さい文字にする（直前の文字）</source>
        <translation>Make the character just typed small</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="371"/>
        <source>長音</source>
        <translation>Long vowel mark</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="372"/>
        <source>中点</source>
        <translation>Middle dot</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="373"/>
        <source>読点</source>
        <translation>Comma</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="374"/>
        <source>ハイフン</source>
        <translation>Hyphen</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="375"/>
        <source>スラッシュ</source>
        <translation>Slash</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="376"/>
        <source>ピリオド</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="377"/>
        <source>アットマーク</source>
        <translation>At sign</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keyboard.py" line="378"/>
        <source>アンダースコア</source>
        <translation>Underscore</translation>
    </message>
</context>
<context>
    <name>PinKeypad</name>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="156"/>
        <location filename="../../ui/kiosk/keypad.py" line="157"/>
        <source>1文字消す</source>
        <translation>Delete one</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="159"/>
        <source>入力した暗証番号を全部消す</source>
        <translation>Clear the whole PIN</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="158"/>
        <source>全部消す</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="155"/>
        <source>画面の暗証番号キー</source>
        <translation>On-screen PIN keys</translation>
    </message>
</context>
</TS>
