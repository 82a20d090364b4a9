<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
  <context>
    <name>ActingSwitcher</name>
    <message>
      <source>自分（{name} さん）</source>
      <translation>Myself ({name})</translation>
    </message>
    <message>
      <source>{name} さん（代理）</source>
      <translation>{name} (as proxy)</translation>
    </message>
    <message>
      <source>だれとして使う</source>
      <translation>Use as</translation>
    </message>
    <message>
      <source>自分として使うか、代理人として本人に代わって使うかを選びます。</source>
      <translation>Choose whether you use the portal as yourself, or as a proxy for someone you represent.</translation>
    </message>
  </context>
  <context>
    <name>ProxiesModel</name>
    <message>
      <source>法定代理人（親権者）</source>
      <translation>Legal representative (parent)</translation>
    </message>
    <message>
      <source>任意代理人</source>
      <translation>Proxy you chose</translation>
    </message>
    <message>
      <source>有効</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>期限切れ</source>
      <translation>Expired</translation>
    </message>
    <message>
      <source>解除済み</source>
      <translation>Revoked</translation>
    </message>
    <message>
      <source>市区町村により停止</source>
      <translation>Stopped by the municipality</translation>
    </message>
    <message>
      <source>氏名</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>種類</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>登録日時</source>
      <translation>Registered</translation>
    </message>
    <message>
      <source>期限</source>
      <translation>Until</translation>
    </message>
    <message>
      <source>状態</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>日時</source>
      <translation>Date and time</translation>
    </message>
    <message>
      <source>代理人</source>
      <translation>Proxy</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>やりとり履歴の閲覧</source>
      <translation>Viewed the exchange history</translation>
    </message>
    <message>
      <source>わたしの情報の閲覧</source>
      <translation>Viewed My information</translation>
    </message>
    <message>
      <source>お知らせの受信</source>
      <translation>Received notices</translation>
    </message>
    <message>
      <source>お知らせの閲覧</source>
      <translation>Viewed notices</translation>
    </message>
    <message>
      <source>申請の提出</source>
      <translation>Filed an application</translation>
    </message>
    <message>
      <source>申請状況の閲覧</source>
      <translation>Viewed application status</translation>
    </message>
  </context>
  <context>
    <name>ProxiesScreen</name>
    <message>
      <source>読み込み中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>市区町村の措置により、あなたの代理人の登録は停止されています。</source>
      <translation>Your municipality has stopped proxies for you.</translation>
    </message>
    <message>
      <source>{name} さんを代理人から解除しますか？</source>
      <translation>End {name}'s grant as your proxy?</translation>
    </message>
    <message>
      <source>解除するとすぐに、{name} さんはあなたの代わりに操作できなくなります。</source>
      <translation>Once ended, {name} can no longer act for you, at once.</translation>
    </message>
    <message>
      <source>{name} さんの代理人をやめますか？</source>
      <translation>Stop acting for {name}?</translation>
    </message>
    <message>
      <source>やめるとすぐに、{name} さんの代わりに操作できなくなります。</source>
      <translation>Once stopped, you can no longer act for {name}, at once.</translation>
    </message>
    <message>
      <source>代理人の解除</source>
      <translation>End a proxy grant</translation>
    </message>
    <message>
      <source>解除する</source>
      <translation>End it</translation>
    </message>
    <message>
      <source>やめる</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>解除しました。</source>
      <translation>The grant has ended.</translation>
    </message>
    <message>
      <source>わたしの代理人</source>
      <translation>My proxies</translation>
    </message>
    <message>
      <source>あなたの代わりにマイナポータルを使える人（代理人）と、あなたが代理人になっている人です。代理人の解除は、代理人の確認なしに、あなただけの判断でいつでもできます。代理人が操作すると、その記録が下の操作記録に残り、お知らせが届きます。</source>
      <translation>Who may use the portal for you (your proxies), and whom you act for. You can end a proxy at any time on your own, without the proxy's consent. Whatever a proxy does for you is kept in the record below, and you get a notice.</translation>
    </message>
    <message>
      <source>あなたの代理人</source>
      <translation>Your proxies</translation>
    </message>
    <message>
      <source>代理人を解除する</source>
      <translation>End proxy</translation>
    </message>
    <message>
      <source>選んだ代理人を解除する</source>
      <translation>End the selected proxy</translation>
    </message>
    <message>
      <source>あなたが代理人になっている人</source>
      <translation>People you act for</translation>
    </message>
    <message>
      <source>代理人をやめる</source>
      <translation>Stop acting</translation>
    </message>
    <message>
      <source>選んだ人の代理人をやめる</source>
      <translation>Stop acting for the selected person</translation>
    </message>
    <message>
      <source>代理人の操作記録</source>
      <translation>What proxies did for you</translation>
    </message>
    <message>
      <source>代理人の登録（あなたと本人、2枚のマイナンバーカードを使う手順）は、この画面ではまだ準備中です。</source>
      <translation>Registering a proxy (with both My Number Cards, yours and the other person's) is not available on this screen yet.</translation>
    </message>
  </context>
</TS>
